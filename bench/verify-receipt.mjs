// A process of its own that times receipt verification, as an offline verifier runs it: given
// {receipt, documentHash (hex)} by IPC, it answers {coldUs, verifyUs} — the first verification
// in the process (before the JIT, the key imported) and the mean of 2,000 after 500 to warm up.
// Not the bench's own process: that one holds the whole run's load (hundreds of MB of
// transactions) in its heap, and its collector then ran inside the timing (session 30).
import { fromHex } from '@creditchain/core';
import { verifyReceipt } from '@creditchain/sdk';

process.once('message', ({ receipt, documentHash }) => {
  const hash = fromHex(documentHash);
  const coldStart = performance.now();
  verifyReceipt(receipt, { documentHash: hash });
  const coldUs = (performance.now() - coldStart) * 1000;
  for (let i = 0; i < 500; i++) verifyReceipt(receipt, { documentHash: hash });
  const runs = 2000;
  const start = performance.now();
  for (let i = 0; i < runs; i++) verifyReceipt(receipt, { documentHash: hash });
  const verifyUs = ((performance.now() - start) / runs) * 1000;
  process.send({ coldUs, verifyUs }, () => process.exit(0));
});
