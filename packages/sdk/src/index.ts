export * from './routes.js';
export * from './receipt.js';
export * from './keys.js';
