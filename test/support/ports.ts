// Ports for tests that start networks of several nodes on loopback.
import { createServer } from 'node:net';
import { nodePorts } from '@creditchain/node';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A base port whose node ports are all free. It is drawn below Linux's ephemeral range (32768
 * and up), where the kernel never hands out ports for outgoing connections: one of those on a
 * node's port, even in TIME_WAIT, makes the node's listen fail.
 */
export async function freeBasePort(validators: number): Promise<number> {
  for (;;) {
    const base = 20_000 + 10 * Math.floor(Math.random() * 1200);
    const ports = Array.from({ length: validators }, (_, i) => Object.values(nodePorts(base, i))).flat();
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) return base;
  }
}
