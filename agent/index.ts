// The booking agent's public API: plain inputs, plain results; knows nothing of Electron, the store or the UI.
export type {
  AgentAction, AgentFailure, AgentStep, BookingSession, BookingWant, BookResult, BrowserConfig, Budgets, FailureKind,
  ModelConfig, ModelUsage, ObservedBooking, SecretsInput, SessionOptions, VenueTarget, VerifyResult,
} from './types';
export { DEFAULT_BUDGETS } from './types';
export type { Assert, Equal } from './core/type-equal';
export { openSession, type PreparedSession } from './session';
export { findBrowser, candidateBrowserPaths, checkBrowserExecutable, BROWSER_ARGS, type BrowserCheck } from './browser/launch';
export { probeOllama, warmModel, type ProbeResult } from './model/ollama';
export { createRedactor, REDACTED } from './core/redact';
export { AgentError, isAgentError } from './core/failure';
export { ActionSchema, ACTION_JSON_SCHEMA, parseAction } from './model/actions';
export { trimSnapshot, measureSnapshot, estimateTokens, type SnapshotMeasure, type TrimResult } from './page/snapshot';
export { SYSTEM_PROMPT, SYSTEM_PROMPT_TOKENS } from './model/prompt';
export { extractBookings, findDates, findTime, findLane, matchBooking, parseBookingText } from './page/extract';
export { BookingWantSchema, VenueTargetSchema, ModelConfigSchema } from './core/schemas';
export { measureServerClock, machineNow, type ClockMeasure, type MeasureOptions } from './core/clock';
export { parseRecipe, RecipeSchema, RECIPE_VERSION, renderTemplate, DATE_FORMATS, TIME_FORMATS } from './recipes/schema';
export { learnRecipe, observedFromAgentSteps, parameterize, LearnError, type ObservedStep } from './recipes/learn';
export { fireMachineTime } from './release/release';
export type { Recipe, BookGoal, Alternative, ReleaseReport, PrepareParams, PrepareResult } from './types';
export type { NeedsYouInfo, NeedsYouKind, PaymentPolicy, TakeOverOptions, TakeOverResult } from './types';
export { TAKE_OVER_TIMEOUT_MS } from './browser/hand-over';
export { teach, startTeach, dryRun, checkRecipe, type TeachOptions, type TeachResult, type TeachSession, type TeachCheck } from './recipes/teach';
export { recipeView, editRecipe, exportRecipe, importRecipe, type RecipeView, type RecipeStepView, type RecipeEdit } from './recipes/view';
