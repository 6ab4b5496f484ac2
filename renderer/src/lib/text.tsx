// Messages written elsewhere (the service, the agent, a venue's page) as a person should read them:
// `command` spans become code instead of literal backticks, and a quote that ends a sentence inside
// another sentence does not leave doubled punctuation behind ('"Wrong password.".' → '"Wrong password."').
import { Fragment } from 'react';

/** Doubled or stray punctuation from sentences glued together. */
export function tidy(text: string): string {
  return text
    .replace(/([.!?])(["”’»])\s*\./g, '$1$2')
    .replace(/([.!?])\s*\.(?!\.)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The text without backticks, for places that cannot hold markup (a title, an aria-label). */
export function plain(text: string): string {
  return tidy(text).replace(/`([^`]+)`/g, '$1');
}

/** A message with `code` spans shown as code. */
export function Words({ text }: { text: string }) {
  const pieces = tidy(text).split(/`([^`]+)`/);
  return (
    <>
      {pieces.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <Fragment key={i}>{p}</Fragment>))}
    </>
  );
}
