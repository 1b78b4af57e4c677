// A repository helper that is not part of the workspace (no go.mod of its own is used).
package main

func main() {}
