// Package version is shared by the workspace's modules.
package version

const Version = "1.4.0"
