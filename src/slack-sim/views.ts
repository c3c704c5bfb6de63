import { validateView } from './block-kit';
import { requireUser, VERIFICATION_TOKEN, type Obj, type SimCore } from './core';
import type { Inbound } from './inbound';
import type { UserActors } from './actors';
import { API_LIMITS } from './limits';
import type { BotAnswer, SimView } from './types';
import { buildStateValues, fillGeneratedIds } from './view-state';
import { newViewHash } from './web-api/views';

/** Modals from the person's side: submitting one, and what Slack does with the bot's answer. */
export class ViewActors {
  constructor(
    private readonly core: SimCore,
    private readonly inbound: Inbound,
    private readonly actors: UserActors,
  ) {}

  /** The most recently opened or pushed modal that is still open (else the most recent one). */
  lastView(): SimView | undefined {
    const w = this.core.world;
    const modals = w.viewOrder.map((id) => w.views.get(id)!).filter((v) => v.type === 'modal');
    for (let i = modals.length - 1; i >= 0; i--) if (modals[i]!.open) return modals[i];
    return modals[modals.length - 1];
  }

  async submitView(p: { user: string; viewId?: string; values: Record<string, unknown> }): Promise<BotAnswer> {
    const w = this.core.world;
    const u = requireUser(this.core, p.user);
    const v = p.viewId ? w.views.get(p.viewId) : this.lastView();
    if (!v) throw new Error('SlackSim.submitView: no view has been opened');
    if (!v.open) throw new Error(`SlackSim.submitView: view ${v.id} is closed`);
    if (v.type !== 'modal') throw new Error(`SlackSim.submitView: view ${v.id} is a ${v.type} view`);
    if (v.user !== u.id) throw new Error(`SlackSim.submitView: view ${v.id} belongs to ${v.user}, not ${u.id}`);
    if (v.view.submit === undefined) throw new Error(`SlackSim.submitView: view ${v.id} has no submit button`);
    const values = buildStateValues(v.view.blocks, p.values, this.actors.stateCtx());
    const payload = {
      type: 'view_submission',
      team: this.actors.teamRef(),
      user: this.actors.userRef(u),
      api_app_id: w.appId,
      token: VERIFICATION_TOKEN,
      trigger_id: w.issueTrigger(u.id),
      view: { ...w.viewJson(v), state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.inbound.deliverInteractive(payload);
    this.applyViewAnswer(v, answer);
    return answer;
  }

  private popView(v: SimView, all: boolean): void {
    const w = this.core.world;
    const stack = w.modalStacks.get(v.user) ?? [];
    const toClose = all ? [...stack] : [v.id];
    for (const id of toClose) {
      const x = w.views.get(id);
      if (x) {
        x.open = false;
        x.stackPosition = -1;
      }
    }
    w.modalStacks.set(
      v.user,
      stack.filter((id) => !toClose.includes(id)),
    );
  }

  /** Slack's handling of a view_submission answer; what it would refuse lands in `problems`. */
  private applyViewAnswer(v: SimView, answer: BotAnswer): void {
    const { world: w, problems } = this.core;
    if (answer.status !== 200) return;
    const body = answer.body;
    if (body === null || body === '' || typeof body !== 'object') {
      if (typeof body === 'string') problems.push(`view ${v.id}: non-JSON submission answer ${JSON.stringify(body).slice(0, 80)}`);
      this.popView(v, false);
      return;
    }
    const action = (body as Obj).response_action;
    if (action === undefined) {
      this.popView(v, false);
      return;
    }
    if (action === 'clear') {
      this.popView(v, true);
      return;
    }
    if (action === 'errors') {
      const errs = (body as Obj).errors;
      const inputIds = new Set((Array.isArray(v.view.blocks) ? (v.view.blocks as Obj[]) : []).filter((b) => b?.type === 'input').map((b) => b.block_id));
      if (!errs || typeof errs !== 'object' || Object.keys(errs).length === 0) {
        problems.push(`view ${v.id}: response_action 'errors' without errors`);
      } else {
        for (const k of Object.keys(errs)) {
          if (!inputIds.has(k)) problems.push(`view ${v.id}: errors names '${k}', which is not an input block of the view`);
        }
      }
      return;
    }
    if (action === 'update' || action === 'push') {
      const next = (body as Obj).view;
      const check = validateView(next);
      if (check.error || next?.type !== 'modal') {
        problems.push(`view ${v.id}: response_action '${action}' with an invalid view: ${check.error ?? 'type must be modal'} ${check.messages.join('; ')}`);
        return;
      }
      if (action === 'update') {
        v.view = { ...next, blocks: fillGeneratedIds(next.blocks) };
        v.hash = newViewHash();
        return;
      }
      const stack = w.modalStacks.get(v.user) ?? [];
      if (stack.length >= API_LIMITS.modalStackDepth) {
        problems.push(`view ${v.id}: response_action 'push' beyond the stack limit of ${API_LIMITS.modalStackDepth}`);
        return;
      }
      const id = w.newId('V');
      w.views.set(id, {
        id,
        view: { ...next, blocks: fillGeneratedIds(next.blocks) },
        user: v.user,
        type: 'modal',
        stackPosition: stack.length,
        hash: newViewHash(),
        open: true,
        rootViewId: stack[0] ?? v.id,
        previousViewId: v.id,
        externalId: typeof next.external_id === 'string' ? next.external_id : undefined,
      });
      w.viewOrder.push(id);
      w.modalStacks.set(v.user, [...stack, id]);
      return;
    }
    problems.push(`view ${v.id}: unknown response_action '${String(action)}'`);
  }
}
