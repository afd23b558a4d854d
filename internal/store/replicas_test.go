package store_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/store"
)

// pgBin is where the PostgreSQL server binaries are (PG_BIN overrides).
func pgBin() string {
	if b := os.Getenv("PG_BIN"); b != "" {
		return b
	}
	return "/usr/lib/postgresql/15/bin"
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// cluster runs PostgreSQL commands, as the postgres user when the test runs as root
// (initdb refuses root).
type cluster struct {
	t      *testing.T
	dir    string
	asUser []string
}

func (c *cluster) run(name string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(pgBin(), name), args...)
	if len(c.asUser) > 0 {
		cmd = exec.Command(c.asUser[0], append(append(c.asUser[1:], filepath.Join(pgBin(), name)), args...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (c *cluster) start(data string, port int) {
	c.t.Helper()
	c.run("pg_ctl", "-D", data, "-l", data+".log", "-w", "-t", "60", "-o",
		fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c fsync=off -c max_wal_senders=4 -c wal_level=replica -c hot_standby=on", port, c.dir), "start")
	c.t.Cleanup(func() {
		cmd := exec.Command(filepath.Join(pgBin(), "pg_ctl"), "-D", data, "-m", "immediate", "stop")
		if len(c.asUser) > 0 {
			cmd = exec.Command(c.asUser[0], append(append(c.asUser[1:], filepath.Join(pgBin(), "pg_ctl")), "-D", data, "-m", "immediate", "stop")...)
		}
		_ = cmd.Run()
	})
}

// TestReadsGoToTheReplica starts a primary and a streaming replica from the local
// PostgreSQL binaries (pg_basebackup -R) and checks that the store sends reads to the
// replica and writes and transactions to the primary.
func TestReadsGoToTheReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two PostgreSQL servers")
	}
	if _, err := os.Stat(filepath.Join(pgBin(), "pg_basebackup")); err != nil {
		t.Skipf("no PostgreSQL server binaries in %s (set PG_BIN): %v", pgBin(), err)
	}
	dir, err := os.MkdirTemp("", "obs-replica-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	c := &cluster{t: t, dir: dir}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and no postgres user to run the servers: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	primary, replica := filepath.Join(dir, "primary"), filepath.Join(dir, "replica")
	pPort, rPort := freePort(t), freePort(t)
	c.run("initdb", "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	c.start(primary, pPort)
	c.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(pPort), "-U", "postgres", "-D", replica, "-R", "-X", "stream", "-c", "fast")
	c.start(replica, rPort)

	primaryURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pPort)
	replicaURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", rPort)
	s, err := store.Open(store.Config{URL: primaryURL, ReplicaURLs: []string{replicaURL}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil { // DDL: the primary
		t.Fatal(err)
	}
	if err := s.DB.Exec("INSERT INTO metrics (code, label_fr, label_en, unit) VALUES ('jobs', 'Emplois', 'Jobs', 'jobs')").Error; err != nil {
		t.Fatalf("a write through the store: %v", err)
	}

	// Wait until the replica has replayed the write.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int64
		err := s.DB.Raw("SELECT COUNT(*) FROM metrics WHERE code = 'jobs'").Scan(&n).Error
		if err == nil && n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not catch up: n=%d err=%v", n, err)
		}
		time.Sleep(100 * time.Millisecond)
	}

	var port int
	if err := s.DB.Raw("SELECT inet_server_port()").Scan(&port).Error; err != nil {
		t.Fatal(err)
	}
	if port != rPort {
		t.Errorf("a raw SELECT ran on port %d, want the replica's %d", port, rPort)
	}
	var inRecovery bool
	if err := s.DB.Raw("SELECT pg_is_in_recovery()").Scan(&inRecovery).Error; err != nil || !inRecovery {
		t.Errorf("a read ran on a server in recovery = %v (err %v), want the replica", inRecovery, err)
	}
	var got []struct {
		Code string
		Port int
	}
	if err := s.DB.Table("metrics").Select("code, inet_server_port() AS port").Find(&got).Error; err != nil || len(got) != 1 || got[0].Port != rPort {
		t.Errorf("a gorm query ran on %v (err %v), want the replica's port %d", got, err, rPort)
	}
	// Inside a transaction, reads go to the primary (read-your-writes for editors).
	err = s.DB.Transaction(func(tx *gorm.DB) error {
		var p int
		if err := tx.Raw("SELECT inet_server_port()").Scan(&p).Error; err != nil {
			return err
		}
		if p != pPort {
			t.Errorf("a read in a transaction ran on %d, want the primary's %d", p, pPort)
		}
		return tx.Exec("INSERT INTO metrics (code, label_fr, label_en, unit) VALUES ('area', 'Surface', 'Area', 'm2')").Error
	})
	if err != nil {
		t.Fatal(err)
	}
	// With the primary stopped, reads still answer (from the replica), once it has
	// replayed the transaction.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var n int64
		if err := s.DB.Raw("SELECT COUNT(*) FROM metrics").Scan(&n).Error; err == nil && n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the replica did not catch up with the transaction")
		}
	}
	c.run("pg_ctl", "-D", primary, "-m", "fast", "stop")
	var codes []string
	if err := s.DB.Table("metrics").Order("code").Pluck("code", &codes).Error; err != nil {
		t.Fatalf("read with the primary down: %v", err)
	}
	if strings.Join(codes, ",") != "area,jobs" {
		t.Errorf("codes from the replica = %v", codes)
	}
	if err := s.DB.Exec("INSERT INTO metrics (code, label_fr, label_en, unit) VALUES ('x', 'x', 'x', 'x')").Error; err == nil {
		t.Errorf("a write succeeded with the primary down: it must not go to the replica")
	}
}
