export { compilePostmortem, renderPostmortem } from './compile';
export { summarisePostmortem, summariseAnalysis, type PostmortemSummary } from './summary';
export { analysePostmortem, peakSeverity, reviewAction, type PostmortemAnalysis, type ActionReview, type TimelineRow } from './analysis';
export { renderGantt, ganttPhases, sanitiseMermaidText, type GanttPhase, type GanttTimestamps } from './gantt';
export { PLACEHOLDER_MARK, todo, todoBlock, countPlaceholders } from './placeholder';
export { nameResolver } from './slack-text';
export { utcDate, utcTime, utcDateTime, utcStamp } from './time-format';
export type {
  PostmortemInput,
  PostmortemIncident,
  PostmortemSeverityChange,
  PostmortemTimelineEntry,
  PostmortemRoleAssignment,
  PostmortemResolution,
  PostmortemCorrectiveAction,
  PostmortemStatusUpdate,
} from './types';
