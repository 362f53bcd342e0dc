import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import { textPosition } from './text-position.js';

/**
 * 1-based line and column of the property key at `location` (or of the value when it has no key, e.g. an array
 * item) in a JSON(C) text, so errors point where the reader must edit. Undefined when the path is absent.
 */
export function jsonKeyPosition(text: string, location: JSONPath): { line: number; column: number } | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (root === undefined) return undefined;
  const node = findNodeAtLocation(root, location);
  if (node === undefined) return undefined;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return textPosition(text, (key ?? node).offset);
}
