export * from './bytes.js';
export * from './errors.js';
export * from './canonical.js';
export * from './crypto-suite.js';
