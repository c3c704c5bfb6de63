import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { ZodError, type z } from 'zod';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors';
import type { Incident } from '../../domain/incident';
import type { IncidentAction } from '../../domain/permissions';
import { requireIncidentPermission } from '../../services/permissions';
import type { ListenerDeps } from '../deps';
import { userMessageFor } from '../errors';
import { incidentInChannel } from '../incident-sync';

/**
 * The one error map of buttons and forms (commands have theirs in the command router): a domain
 * refusal is shown to the person who clicked — ephemeral for a button, inside the form for a
 * submission — and anything else is shown as a generic failure and reaches `app.error()`.
 */

export type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** A form whose private_metadata is missing, damaged or forged: answered inside the form. */
export class FormError extends DomainError {
  constructor(message = 'This form is out of date or damaged, so nothing was saved. Close it and open it again.') {
    super('bad_form', message);
    this.name = 'FormError';
  }
}

/** Our own forms' metadata, read one way: schema-validated, never trusted as it arrives. */
export function readMetadata<T>(view: { private_metadata?: string }, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(view.private_metadata || '{}');
  } catch {
    throw new FormError();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new FormError();
  return parsed.data;
}

function inputBlocks(view: { blocks?: unknown[] }): string[] {
  return ((view.blocks ?? []) as { type?: string; block_id?: string }[]).filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!);
}

/**
 * Wraps a view_submission listener. Refusals land on the block they name (a domain error's
 * `field`), else on `fallbackField`, else on the form's first input, so the person sees them
 * where they typed; the ack always comes inside Slack's 3 seconds.
 */
export function formHandler(
  deps: ListenerDeps,
  run: (args: ViewArgs) => Promise<void>,
  fallbackField?: (error: DomainError, view: ViewArgs['view']) => string | undefined,
) {
  return async (args: ViewArgs): Promise<void> => {
    let acked = false;
    const ack: ViewArgs['ack'] = async (response?: Parameters<ViewArgs['ack']>[0]) => {
      acked = true;
      await args.ack(response as never);
    };
    try {
      await run({ ...args, ack } as ViewArgs);
    } catch (thrown) {
      // A service's input schema refusing what the form sent: a person left something out.
      const error = thrown instanceof ZodError ? new ValidationError('Fill this in, or check what you entered.') : thrown;
      if (acked) throw error;
      const blocks = inputBlocks(args.view as { blocks?: unknown[] });
      const domain = error instanceof DomainError ? error : null;
      let fallback: string | undefined;
      try {
        fallback = domain ? fallbackField?.(domain, args.view) : undefined;
      } catch {
        fallback = undefined;
      }
      const field = (domain?.field && blocks.includes(domain.field) ? domain.field : fallback) || blocks[0];
      if (!field) {
        await args.ack();
        throw error;
      }
      await args.ack({ response_action: 'errors', errors: { [field]: userMessageFor(error) } });
      if (domain) deps.logger.info('form.refused', { form: args.view.callback_id, code: domain.code });
      else throw error;
    }
  };
}

/** Wraps a button or select listener: ack first, refusals as an ephemeral answer. */
export function actionHandler(deps: ListenerDeps, run: (args: ActionArgs) => Promise<void>) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    try {
      await run(args);
    } catch (error) {
      const text = error instanceof DomainError ? `:warning: ${userMessageFor(error)}` : userMessageFor(error);
      await args
        .respond({ response_type: 'ephemeral', replace_original: false, text })
        .catch((e: unknown) => deps.logger.warn('action.respond_failed', { error: e instanceof Error ? e.message : String(e) }));
      if (error instanceof DomainError) deps.logger.info('action.refused', { code: error.code });
      else throw error;
    }
  };
}

/**
 * The incident a button acts on. Clicked on a message in an incident's channel (the card, a
 * reminder), it is that channel's incident, whatever the button's value says. Clicked where no
 * incident lives (a DM, the Home tab), the value names it — and the service it leads to checks the
 * clicker's permission on that incident, as for any other request.
 */
export async function incidentOfButton(deps: ListenerDeps, body: ActionArgs['body'], value: string | undefined): Promise<Incident> {
  const b = body as { channel?: { id?: string }; container?: { channel_id?: string } };
  const channel = b.channel?.id ?? b.container?.channel_id;
  const inChannel = channel ? await deps.ctx.repos.incidents.byChannel(channel) : undefined;
  if (inChannel) return inChannel;
  const id = Number(value);
  const incident = Number.isInteger(id) && id > 0 ? await deps.ctx.repos.incidents.byId(id) : undefined;
  if (!incident) throw new NotFoundError('That incident no longer exists.');
  return incident;
}

/**
 * The incident a card control acts on: the one whose channel it was clicked in. A button's own
 * value is never trusted for that (it can be forged, and a card copied elsewhere must not steer
 * another incident).
 */
export async function incidentOfAction(deps: ListenerDeps, body: ActionArgs['body'], action?: IncidentAction): Promise<Incident> {
  const b = body as { channel?: { id?: string }; container?: { channel_id?: string }; user: { id: string } };
  const incident = await incidentInChannel(deps, b.channel?.id ?? b.container?.channel_id ?? '', 'This control');
  if (action) await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, action, b.user.id);
  return incident;
}
