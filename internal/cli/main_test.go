package cli_test

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/storetest"
)

// TestMain runs the command's tests on SQLite, then on PostgreSQL (where
// the databases they name come from storetest.DSN).
func TestMain(m *testing.M) { storetest.Main(m) }
