import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FlowList } from './flow-list.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <header className="top">
      <strong>Weft</strong>
    </header>
    <main>
      <FlowList />
    </main>
  </StrictMode>,
);
