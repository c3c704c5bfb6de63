import { randomBytes } from 'node:crypto';
import type { SimView } from '../types';
import { fillGeneratedIds } from '../view-state';
import { ApiError, type ApiTools, type Handler } from './common';

/** views.open (a modal from a fresh, unused trigger_id) and views.publish (a person's Home tab). */
export function viewsApi(t: ApiTools, homeTabEnabled: boolean): Record<string, Handler> {
  const { w, checkTrigger, viewArg, userArg } = t;

  return {
    'views.open': (args) => {
      const trigger = checkTrigger(args);
      const view = viewArg(args, 'modal');
      w.triggers.get(trigger.id)!.used = true;
      for (const old of w.modalStacks.get(trigger.user) ?? []) {
        const v = w.views.get(old);
        if (v) {
          v.open = false;
          v.stackPosition = -1;
        }
      }
      const id = w.newId('V');
      const stored: SimView = {
        id,
        view: { ...view, blocks: fillGeneratedIds(view.blocks) },
        user: trigger.user,
        type: 'modal',
        stackPosition: 0,
        hash: newViewHash(),
        open: true,
        rootViewId: id,
        previousViewId: null,
        externalId: typeof view.external_id === 'string' ? view.external_id : undefined,
      };
      w.views.set(id, stored);
      w.viewOrder.push(id);
      w.modalStacks.set(trigger.user, [id]);
      return { view: w.viewJson(stored) };
    },

    /** Replaces the user's Home tab; a stale `hash` is refused like Slack does. */
    'views.publish': (args) => {
      if (!homeTabEnabled) throw new ApiError('not_enabled');
      const user = userArg(args, 'user_id');
      const view = viewArg(args, 'home');
      const existing = [...w.views.values()].find((x) => x.type === 'home' && x.user === user);
      const hash = typeof args.hash === 'string' ? args.hash : undefined;
      if (existing && hash && hash !== existing.hash) throw new ApiError('hash_conflict');
      if (existing) {
        existing.view = { ...view, blocks: fillGeneratedIds(view.blocks) };
        existing.hash = newViewHash();
        return { view: w.viewJson(existing) };
      }
      const id = w.newId('V');
      const stored: SimView = {
        id,
        view: { ...view, blocks: fillGeneratedIds(view.blocks) },
        user,
        type: 'home',
        stackPosition: -1,
        hash: newViewHash(),
        open: true,
        rootViewId: id,
        previousViewId: null,
      };
      w.views.set(id, stored);
      w.viewOrder.push(id);
      return { view: w.viewJson(stored) };
    },
  };
}

export function newViewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`;
}
