import { nextOverdueReminder, type Clock, type ReminderThreshold } from '../domain/regimes';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob } from './effects';
import { REMIND_KIND } from './regulatory';

/** After the deadline reminder or an overdue one: the next daily one (once, by key). */
export async function scheduleNextOverdueReminder(ctx: ServiceContext, incidentId: number, clock: Clock, sent: string): Promise<void> {
  const next = nextOverdueReminder(incidentId, clock, sent as ReminderThreshold);
  if (!next) return;
  await withTransaction(ctx, async (tx) => {
    await enqueueJob(
      tx,
      ctx.now(),
      REMIND_KIND,
      { incidentId, regime: clock.regime, stage: clock.stage, dueAtMs: clock.dueAt.getTime(), threshold: next.threshold },
      { key: next.key, dueAt: next.at, incidentId },
    );
  });
}
