// Tests of the discrete-event scheduler: time order, FIFO among equal times, the logical clock.
import t from 'tap';
import { Scheduler } from './scheduler.ts';

t.test('events run in time order, ties in insertion order, and advance the clock', (t) => {
  const s = new Scheduler();
  const ran: string[] = [];
  const at = (d: number, name: string): void =>
    s.after(
      d,
      () => name,
      () => ran.push(`${name}@${s.now}`),
    );
  at(5, 'c');
  at(1, 'a');
  at(5, 'd');
  at(3, 'b');
  at(0, 'z');
  for (let e = s.next(); e !== undefined; e = s.next()) e.run();
  t.same(ran, ['z@0', 'a@1', 'b@3', 'c@5', 'd@5']);
  t.equal(s.now, 5);
  t.equal(s.size, 0);
  t.end();
});

t.test('events scheduled while running are relative to the current time', (t) => {
  const s = new Scheduler();
  const times: number[] = [];
  s.after(
    10,
    () => 'outer',
    () =>
      s.after(
        5,
        () => 'inner',
        () => times.push(s.now),
      ),
  );
  for (let e = s.next(); e !== undefined; e = s.next()) e.run();
  t.same(times, [15]);
  t.end();
});

t.test('a large random schedule comes out sorted', (t) => {
  const s = new Scheduler();
  let x = 12345;
  for (let i = 0; i < 2000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s.after(
      x % 1000,
      () => '',
      () => {},
    );
  }
  let last = -1;
  let lastSeq = -1;
  let sorted = true;
  let n = 0;
  for (let e = s.next(); e !== undefined; e = s.next()) {
    if (!(e.time > last || (e.time === last && e.seq > lastSeq))) sorted = false;
    last = e.time;
    lastSeq = e.seq;
    n++;
  }
  t.equal(n, 2000);
  t.ok(sorted, 'every event came out after the previous one');
  t.end();
});

t.test('a negative delay is refused', (t) => {
  t.throws(
    () =>
      new Scheduler().after(
        -1,
        () => 'x',
        () => {},
      ),
    RangeError,
  );
  t.end();
});
