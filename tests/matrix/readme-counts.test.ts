// Issue 13, item 13: the README's night counts come from the code or are not given. It used to say
// "79 simulated nights" and "a 7-night subset" long after the matrix had grown.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciMatrix, fullMatrix } from './design';

const README = readFileSync(join(resolve(import.meta.dirname, '..', '..'), 'README.md'), 'utf8');

describe('README night counts', () => {
  it('any number of nights the README states is the count fullMatrix() or ciMatrix() gives', () => {
    const stated = [...README.matchAll(/(\d+)(?:[ -](?:simulated )?nights?|-night)/gi)].map((m) => Number(m[1]));
    const real = [fullMatrix().length, ciMatrix().length];
    for (const n of stated) expect(real, `the README says ${n} nights`).toContain(n);
  });
});
