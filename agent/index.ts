// The booking agent's public API: plain inputs, plain results; knows nothing of Electron, the store or the UI.
export type {
  AgentAction, AgentFailure, AgentStep, BookingSession, BookingWant, BookResult, BrowserConfig, Budgets, FailureKind,
  ModelConfig, ModelUsage, ObservedBooking, SecretsInput, SessionOptions, VenueTarget, VerifyResult,
} from './types';
export { DEFAULT_BUDGETS } from './types';
export { openSession, type PreparedSession } from './session';
export { findBrowser, candidateBrowserPaths, BROWSER_ARGS } from './browser';
export { probeOllama, warmModel, type ProbeResult } from './model';
export { createRedactor, REDACTED } from './redact';
export { AgentError, isAgentError } from './failure';
export { ActionSchema, ACTION_JSON_SCHEMA, parseAction } from './actions';
export { trimSnapshot, measureSnapshot, estimateTokens, type SnapshotMeasure, type TrimResult } from './snapshot';
export { SYSTEM_PROMPT, SYSTEM_PROMPT_TOKENS } from './prompt';
export { extractBookings, findDates, findTime, findLane, matchBooking, parseBookingText } from './extract';
export { BookingWantSchema, VenueTargetSchema, ModelConfigSchema } from './validate';
export { measureServerClock, machineNow, type ClockMeasure, type MeasureOptions } from './clock';
export { parseRecipe, RecipeSchema, RECIPE_VERSION, renderTemplate, DATE_FORMATS, TIME_FORMATS } from './recipe';
export { learnRecipe, observedFromAgentSteps, parameterize, LearnError, type ObservedStep } from './recipe-learn';
export { fireMachineTime } from './release';
export type { Recipe, BookGoal, Alternative, ReleaseReport, PrepareParams, PrepareResult } from './types';
export { teach, startTeach, dryRun, type TeachOptions, type TeachResult, type TeachSession, type TeachCheck } from './teach';
