// Package secret finds credentials in text and masks them. It judges
// variable names (SecretLikeName), values (LiteralValue), whole texts
// (Scan for known credential formats, ScanAssignments for secret-like
// names given literal values), one name=value pair (LiteralSecret) and
// file paths (SecretLikeFile), and it masks
// what it finds (Mask, MaskMatches) so that no caller ever has to print a
// secret. Nothing in this package logs, and only the standard library is
// used.
package secret
