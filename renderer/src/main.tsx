/** Entry: pick the transport, start the stores and the hash router, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setApi } from './api/client';
import { createTransport } from './api/select';
import { startStores } from './stores/start';
import { startHashSync } from './stores/ui';
import './styles.css';

setApi(createTransport());
startStores();
startHashSync();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
