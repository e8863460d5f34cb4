package cellc

//go:generate go run ./internal/stdgen -o stdlib.zip
