// Watching the file itself (not its folder) must survive editors that rename a new file over it:
// writes and rename-overs keep being seen, alternately, each one reload.
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { watchConfigFile } from './watch-config.js';
it('keeps following after a rename-over', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'w-'));
  const file = path.join(dir, 'c.yaml');
  await writeFile(file, 'a: 1');
  let calls = 0;
  const w = watchConfigFile(file, () => {
    calls += 1;
  });
  await w.ready;
  const wait = (n: number) =>
    new Promise<void>((res, rej) => {
      const t0 = Date.now();
      const i = setInterval(() => {
        if (calls >= n) {
          clearInterval(i);
          res();
        } else if (Date.now() - t0 > 3000) {
          clearInterval(i);
          rej(new Error('calls ' + calls));
        }
      }, 20);
    });
  await writeFile(path.join(dir, 't'), 'a: 2');
  await rename(path.join(dir, 't'), file);
  await wait(1);
  await writeFile(file, 'a: 3');
  await wait(2);
  await writeFile(path.join(dir, 't'), 'a: 4');
  await rename(path.join(dir, 't'), file);
  await wait(3);
  await writeFile(file, 'a: 5');
  await wait(4);
  await w.close();
  expect(calls).toBe(4);
});
