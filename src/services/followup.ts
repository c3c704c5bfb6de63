import { Cron } from 'croner';
import { addDays, isOpenAction } from '../domain/corrective-action';
import { localDay, planDigests, planReminders, type DigestCandidate } from '../domain/followup';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob } from './effects';

/** When reminders go out: FOLLOWUP_SCHEDULE in the team's time zone. */
export interface FollowupSchedule {
  cron: string;
  timeZone: string;
}

/** The next run of the schedule strictly after `after`. */
export function nextRun(schedule: FollowupSchedule, after: Date): Date | null {
  return new Cron(schedule.cron, { paused: true, timezone: schedule.timeZone }).nextRun(after);
}

/** Midnight starting `day` (`YYYY-MM-DD`) in `timeZone`, as an instant. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  // The zone's offset at noon of that day is right for its midnight except across a DST jump, where an hour either way is harmless here.
  const noon = new Date(`${day}T12:00:00Z`);
  const shown = new Date(noon.toLocaleString('en-US', { timeZone }));
  const utc = new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(Date.parse(`${day}T00:00:00Z`) - (shown.getTime() - utc.getTime()));
}

/**
 * Makes sure the next run is scheduled. The key is the run's time, so every process starting (and
 * every run scheduling its successor) agrees on one job per run.
 */
export async function scheduleFollowupTick(ctx: ServiceContext, schedule: FollowupSchedule): Promise<void> {
  const now = ctx.now();
  const at = nextRun(schedule, now);
  if (!at) return;
  await enqueueJob(ctx.repos, now, 'followup.tick', {}, { key: `followup:tick:${at.getTime()}`, dueAt: at });
}

export interface TickResult {
  day: string;
  reminders: number;
  digests: number;
}

/**
 * One run: the day's reminders and the week's digests are enqueued under keys per action and day
 * (per commander and week), so runs that overlap — a restart, a second process, a schedule firing
 * every few seconds — never send one twice. Then the next run is scheduled.
 */
export async function runFollowupTick(ctx: ServiceContext, schedule: FollowupSchedule): Promise<TickResult> {
  const now = ctx.now();
  const day = localDay(now, schedule.timeZone);
  const result = await withTransaction(ctx, async (tx) => {
    const open = await tx.followup.openActions();
    let reminders = 0;
    for (const r of planReminders(open, day)) {
      const { created } = await enqueueJob(tx, now, 'followup.remind', { incidentId: r.incidentId, actionId: r.actionId, ownerId: r.ownerId, kind: r.kind, day }, { key: r.key, incidentId: r.incidentId });
      if (created) reminders++;
    }
    const commanders = new Map<number, string | null>();
    const candidates: DigestCandidate[] = [];
    for (const a of open) {
      if (!isOpenAction(a.status)) continue;
      if (!commanders.has(a.incidentId)) {
        const incident = await tx.incidents.byId(a.incidentId);
        commanders.set(a.incidentId, (await tx.incidents.commanderOf(a.incidentId)) ?? incident?.declaredBy ?? null);
      }
      candidates.push({ ...a, commanderId: commanders.get(a.incidentId)! });
    }
    let digests = 0;
    for (const d of planDigests(candidates, day)) {
      const { created } = await enqueueJob(tx, now, 'followup.digest', { userId: d.userId, incidentIds: d.incidentIds, day }, { key: d.key });
      if (created) digests++;
    }
    return { day, reminders, digests };
  });
  await scheduleFollowupTick(ctx, schedule);
  return result;
}

/**
 * The commander's reminder the day before the review: at the first run of the schedule that day
 * (else that day's midnight), or at once when that moment has passed.
 */
export function reviewReminderAt(reviewDate: string, schedule: FollowupSchedule, now: Date): Date {
  const dayBefore = addDays(reviewDate, -1);
  const start = startOfLocalDay(dayBefore, schedule.timeZone);
  const run = nextRun(schedule, new Date(start.getTime() - 1000));
  const at = run && localDay(run, schedule.timeZone) === dayBefore ? run : start;
  return at.getTime() < now.getTime() ? now : at;
}
