/** The host's only access to a work tree's files (DESIGN.md, "The repository is hostile"). */
export { editablePath, isGitMetadata, joinInside, normalizeRelative, UnsafePathError } from './paths.js';
export {
  chownTree,
  isTreeFile,
  listTreeDir,
  listTreeFiles,
  MAX_READ_BYTES,
  readTreeBytes,
  readTreeFile,
  removeTreeFile,
  treeDir,
  writeTreeFile,
  type TreeEntry,
  type WalkOptions
} from './tree.js';
