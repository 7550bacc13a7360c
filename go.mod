module github.com/liaison-registry/liaison

go 1.26.0

require golang.org/x/text v0.44.0
