package testdb

import "testing"

func TestOwnerOf(t *testing.T) {
	for name, want := range map[string]string{
		"obs_test_0123456789ab_ffeeddccbbaa": "0123456789ab",
		"obs_tmpl_0123456789ab_seeded":       "0123456789ab",
		"obs_test_0123456789ab":              "", // the former names, without owner
		"obs_test_0123456789zz_x":            "",
		"obs_test_01234_x":                   "",
		"obs_other_0123456789ab_x":           "",
		"postgres":                           "",
	} {
		got, ok := ownerOf(name)
		if got != want || ok != (want != "") {
			t.Errorf("ownerOf(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if k := lockKey("0123456789ab"); k != 0x0123456789ab {
		t.Errorf("lockKey = %x", k)
	}
}
