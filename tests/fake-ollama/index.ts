// The fake Ollama for tests, demo and bench: start it with a scripted behaviour (object or name).
import { competent, confused, down, injected, liar, slow, stubborn, type Behaviour } from './behaviours';
import { generic } from './generic';
import { startFakeOllama as startServer, type FakeOllama, type FakeOllamaOptions } from './server';

export * from './behaviours';
export { generic, genericAction, freshMemory, type GenericMemory } from './generic';
export type { FakeOllama, FakeOllamaOptions, RecordedRequest } from './server';

export type BehaviourName = 'competent' | 'generic' | 'confused' | 'stubborn' | 'slow' | 'down' | 'missing-model' | 'injected' | 'liar';

/** A fresh instance of a named behaviour (behaviours with counters must not be shared between servers). */
export function behaviourNamed(name: BehaviourName): Behaviour {
  switch (name) {
    case 'competent': return competent();
    case 'generic': return generic();
    case 'missing-model': return competent();
    case 'confused': return confused();
    case 'stubborn': return stubborn();
    case 'slow': return slow(120_000);
    case 'down': return down;
    case 'injected': return injected({ evilUrls: ['http://evil.example/?p={p}'] });
    case 'liar': return liar();
  }
}

/**
 * Starts the fake on 127.0.0.1:0. 'missing-model' lists no models, so the real client gets
 * Ollama's "model not found" answers; 'down' answers 503 (close() it for connection refused).
 */
export async function startFakeOllama(opts: Omit<FakeOllamaOptions, 'behaviour'> & { behaviour: Behaviour | BehaviourName }): Promise<FakeOllama> {
  const behaviour = typeof opts.behaviour === 'string' ? behaviourNamed(opts.behaviour) : opts.behaviour;
  const models = opts.models ?? (opts.behaviour === 'missing-model' ? [] : undefined);
  return startServer({ ...opts, behaviour, ...(models ? { models } : {}) });
}
