import type { Logger } from '../logger';

/**
 * Work that outlives the Slack request that started it (acks come first). Tracked so a
 * graceful shutdown can wait for it instead of cutting a war-room set-up in half.
 */
export function createBackground(logger: Logger) {
  const inFlight = new Set<Promise<unknown>>();
  return {
    track<T>(label: string, promise: Promise<T>): Promise<T> {
      const tracked = promise.catch((error: unknown) => {
        logger.error('background.failed', { task: label, error: error instanceof Error ? error.message : String(error) });
        throw error;
      });
      const settled = tracked.then(
        () => undefined,
        () => undefined,
      );
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));
      return tracked;
    },
    get size() {
      return inFlight.size;
    },
    /** Waits for running work, at most `timeoutMs`; returns whether everything finished. */
    async drain(timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((r) => {
            timer = setTimeout(r, left);
          }),
        ]);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
export type Background = ReturnType<typeof createBackground>;
