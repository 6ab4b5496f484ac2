// zod probes `new Function` to speed up object parsing; our CSP forbids eval, so the probe is a
// CSP violation in the console. Jitless mode parses the same, without the probe. Imported first.
import { z } from 'zod';

z.config({ jitless: true });
