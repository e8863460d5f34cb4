package cellc

//go:generate go run ./internal/stdgen -o stdlib.zip -index stdlib_index.go
