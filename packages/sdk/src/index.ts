export * from './routes.js';
export * from './receipt.js';
export * from './keys.js';
export * from './client.js';
export * from './anchor-tx.js';
export * from './consistency.js';
export * from './update-checkpoint.js';
export * from './batch-receipts.js';
