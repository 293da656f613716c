// CIN census import: a streaming reader and a pure per-child converter (imports.md).
export {
  CinCensusReader,
  MAX_ELEMENTS_PER_CHILD,
  collectionYearOf,
  readCinCensus,
  type CinChild,
  type CinCollectionDetails,
  type CinElement,
  type CinInput,
} from './cin-reader';
export { convertCinChild, type CinConvertContext } from './cin-convert';
