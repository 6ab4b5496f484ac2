// `npm run venue`: starts the demo venue on 127.0.0.1 and prints where it is and how to log in.
import { parseArgs } from 'node:util';
import { DEMO_MEMBERS, startVenue, VENUE_LAYOUTS, type VenueLayout } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    layout: { type: 'string', default: 'grid' },
    'test-mode': { type: 'boolean', default: false },
    'days-ahead': { type: 'string', default: '7' },
    release: { type: 'string', default: '00:00' },
    'time-zone': { type: 'string', default: 'Europe/London' },
    'demo-model': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run venue -- [--port N] [--layout grid|cards|wizard] [--test-mode] [--days-ahead N] [--release HH:mm] [--time-zone Area/City] [--demo-model]

  --demo-model  also start the tests' scripted stand-in for Ollama (not a language model: it reads the page
                snapshot with fixed rules that know this venue), so the whole flow can be watched on a
                machine without Ollama. Point Lanebot's Settings → Ollama host at the address it prints.`);
  process.exit(0);
}
if (!(VENUE_LAYOUTS as readonly string[]).includes(values.layout)) {
  console.error(`--layout must be one of ${VENUE_LAYOUTS.join(', ')}`);
  process.exit(2);
}

const venue = await startVenue({
  port: Number(values.port),
  layout: values.layout as VenueLayout,
  testMode: values['test-mode'],
  daysAhead: Number(values['days-ahead']),
  releaseTime: values.release,
  timeZone: values['time-zone'],
}).catch((err: Error) => {
  console.error(`venue: ${err.message}`);
  process.exit(2);
});

const DEMO_MODEL = 'scripted-demo:latest';
const demo = DEMO_MEMBERS[0]!;
console.log(`Demo venue running at ${venue.url}`);
console.log(`  layout:        ${venue.layout}`);
console.log(`  booking page:  ${venue.bookingPageUrl}`);
console.log(`  my bookings:   ${venue.bookingsUrl}`);
console.log(`  login:         ${demo.username} / ${demo.password}`);
console.log(`  next release:  ${venue.nextReleaseDate()} opens at ${venue.releaseInstant(venue.nextReleaseDate()).toISOString()}`);
console.log(`  test mode:     ${venue.options.testMode ? `on (${venue.url}/__test/control)` : 'off'}`);

let closeModel: (() => Promise<void>) | undefined;
if (values['demo-model']) {
  const { startFakeOllama } = await import('../fake-ollama/server');
  const { competent } = await import('../fake-ollama/behaviours');
  const model = await startFakeOllama({ behaviour: competent(), models: [DEMO_MODEL], version: 'scripted-demo (not a language model)' });
  closeModel = () => model.close();
  console.log(`Scripted demo model (NOT a language model; fixed rules for this venue) at ${model.host}`);
  console.log(`  in Lanebot → Settings: Ollama host ${model.host}, model ${DEMO_MODEL}`);
}

const stop = () => {
  void Promise.all([venue.close(), closeModel?.()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
