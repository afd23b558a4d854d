package textnorm

// FoldUnicode is foldUnicode, for the tests of the fast paths.
var FoldUnicode = foldUnicode
