// The console's entry. The Buffer global goes first: @creditchain/core, which the SDK brings,
// expects Node's Buffer (platform/buffer-global.ts).
import './platform/buffer-global.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
