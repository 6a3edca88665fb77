module github.com/forkcrypto/forkcrypto

go 1.26
