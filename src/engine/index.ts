export { Engine, type EngineOptions, type StartOptions, type RunInspection } from './engine.ts';
export { ManualClock, systemClock, type Clock } from '../lib/clock.ts';
export { defineWorkflow, parseInput } from './workflow.ts';
export type {
  AnyWorkflow,
  WorkflowDefinition,
  WorkflowContext,
  StepInfo,
  StepOptions,
  WaitOptions,
  WaitResult,
  ReceivedEvent,
  ChildHandle,
} from './workflow.ts';
export { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from './retry.ts';
export { slotsBetween, slotsToFire, nextSlotAfter, type ScheduleDefinition, type CatchUpPolicy } from './scheduler.ts';
export type { Subscription } from './registry.ts';
export { safeObserver, type EngineObservation, type EngineObserver } from './observer.ts';
export { createLogger, silentLogger, type Logger } from '../lib/logger.ts';
export { emptyState, fold, type ReplayState } from './replay-state.ts';
export { recordHistory, replayHistory, type RecordedHistory, type ReplayReport } from './replay-history.ts';
