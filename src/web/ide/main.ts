// GraphiQL at /graphiql: bundled by Vite (vite.ide.config.ts), talking only to /graphql on this
// site. The README's examples are its tabs; the schema for docs and autocompletion comes from
// introspection of the same endpoint. A token, when one is needed (writes, private reads), goes in
// the headers editor as {"authorization": "Bearer …"}.
import { createElement, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import examples from 'virtual:readme-examples';
import 'graphiql/style.css';
import './style.css';

/** POSTs each operation to /graphql as JSON and returns the JSON answer (errors included). */
const fetcher: ComponentProps<typeof GraphiQL>['fetcher'] = async (params, options) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return res.json();
};

const host = document.getElementById('graphiql')!;
host.textContent = '';
createRoot(host).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: examples.map(({ query }) => ({ query })),
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: false,
  }),
);
