// graphiql-explorer lists the root fields of the schema alphabetically
// (`Object.keys(fields).sort()` in its RootView) and has no option to change it. This
// transform gives that one sort a comparator: the order of src/explorer-order.js. The
// build fails if the code it patches is not found (e.g. after an upgrade), rather than
// silently dropping the order.
import { ROOT_FIELD_ORDER, ROOT_FIELD_LAST } from '../src/explorer-order.js';

const TARGET = /graphiql-explorer[\\/]dist[\\/]Explorer\.js$/;
// The RootView's list: the only sort of `fields` followed by a FieldView that
// modifies the root selections (`_this13._modifySelections`).
const PATTERN = /Object\.keys\(fields\)\.sort\(\)(\.map\(function \(fieldName\) \{\s*return React\.createElement\(FieldView, \{\s*key: fieldName,\s*field: fields\[fieldName\],\s*selections: selections,\s*modifySelections: _this13\._modifySelections)/;

export function explorerOrderPlugin() {
  const comparator = `(function (first, last) {
    function rank(name) {
      var i = first.indexOf(name);
      if (i >= 0) return i;
      var j = last.indexOf(name);
      return j >= 0 ? first.length + 1 + j : first.length;
    }
    return function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); };
  })(${JSON.stringify(ROOT_FIELD_ORDER)}, ${JSON.stringify(ROOT_FIELD_LAST)})`;
  return {
    name: 'observatory-explorer-order',
    enforce: 'pre',
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('?') || !TARGET.test(id)) return null;
      const matches = code.match(new RegExp(PATTERN.source, 'g'));
      if (!matches || matches.length !== 1) {
        this.error(`explorer-order: expected one root-field sort in ${id}, found ${matches ? matches.length : 0}`);
      }
      return { code: code.replace(PATTERN, `Object.keys(fields).sort(${comparator})$1`), map: null };
    },
  };
}
