// A light second entry to the agent: only the redactor. The service redacts attempt records with
// the agent's own redactor (one implementation, every encoding) and must not load the whole agent
// (playwright-core, ollama) to do it: agent/index.ts is imported lazily, this file eagerly.
export { createRedactor, redactDeep, REDACTED } from './core/redact';
