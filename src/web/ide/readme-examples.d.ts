// Made at build time from the README by vite.ide.config.ts (see examples.ts).
declare module 'virtual:readme-examples' {
  const examples: { query: string }[];
  export default examples;
}
