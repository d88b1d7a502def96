// opencc-js ships its dictionaries as ES modules whose default export is the dictionary text
// ("from to1 to2|from to1|…"); its package exports them through "./*" without type declarations.
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
