/**
 * Preloaded (`node -r`) into a child process the bench wants a CPU profile of: the first SIGWINCH
 * (a signal Nest's shutdown hooks leave alone; SIGUSR2 would stop the app) starts V8's sampling profiler, the second writes the profile to $BENCH_CPU_PROFILE_FILE. Lets the
 * bench profile only the window it chooses, in a process it stops by signal.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      renameSync(`${file}.part`, file);
    });
  });
}
