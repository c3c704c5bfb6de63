import { randomBytes } from 'node:crypto';
import type { SimView } from '../types';
import { fillGeneratedIds } from '../view-state';
import type { ApiTools, Handler } from './common';

/** views.open: a modal from a fresh, unused trigger_id (the bot opens no other kind of view). */
export function viewsApi(t: ApiTools): Record<string, Handler> {
  const { w, checkTrigger, viewArg } = t;

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
  };
}

export function newViewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`;
}
