package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func newTestService(t testing.TB, limits Limits) *Service {
	t.Helper()
	rdb := testenv.Redis(t)
	store := NewStore(testenv.DB(t))
	return NewService(store, NewHasher(TestArgon2Params), NewTokens("test-secret-test-secret-test-secret!"),
		NewRefreshTokens(rdb), NewAccountStates(store, rdb, testenv.Log), NewLimiter(rdb), limits, testenv.Log)
}

func register(t testing.TB, s *Service, prefix string) (RegisterInput, Session) {
	t.Helper()
	in := RegisterInput{Email: testenv.UniqueEmail(prefix), Password: "long enough password", Name: "Test " + prefix}
	sess, err := s.Register(context.Background(), "192.0.2.1", in)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return in, sess
}

// TestConcurrentRefreshOnlyOneWins presents one refresh token from many goroutines at once:
// exactly one rotation succeeds, and the family is revoked by the others (reuse).
func TestConcurrentRefreshOnlyOneWins(t *testing.T) {
	s := newTestService(t, Limits{})
	_, sess := register(t, s, "race")
	ctx := context.Background()
	const n = 20
	tokens := make([]string, n)
	results := testenv.AllAtOnce(n, func(i int) error {
		got, err := s.Refresh(ctx, "192.0.2.2", RefreshInput{RefreshToken: sess.RefreshToken})
		tokens[i] = got.RefreshToken
		return err
	})
	wins, winner := 0, ""
	for i, err := range results {
		switch {
		case err == nil:
			wins++
			winner = tokens[i]
		case errors.Is(err, ErrRefreshReused), errors.Is(err, ErrRefreshInvalid):
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("want exactly one successful rotation, got %d", wins)
	}
	// The losers presented a used token: the family, including the winner's new token, is dead.
	if _, err := s.Refresh(ctx, "192.0.2.2", RefreshInput{RefreshToken: winner}); !errors.Is(err, ErrRefreshInvalid) {
		t.Fatalf("winner's token after reuse: want invalid, got %v", err)
	}
}

func TestRefreshTokensAreStoredHashed(t *testing.T) {
	s := newTestService(t, Limits{})
	_, sess := register(t, s, "hashed")
	keys, err := testenv.Redis(t).Keys(context.Background(), "*"+sess.RefreshToken+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		t.Fatalf("the raw refresh token appears in Redis keys: %v", keys)
	}
	if n, _ := testenv.Redis(t).Exists(context.Background(), tokenKey(sess.RefreshToken)).Result(); n != 1 {
		t.Fatal("the hashed token key is missing")
	}
	ttl := testenv.Redis(t).TTL(context.Background(), tokenKey(sess.RefreshToken)).Val()
	if ttl <= 0 || ttl > RefreshTokenTTL {
		t.Fatalf("token TTL %s, want (0, %s]", ttl, RefreshTokenTTL)
	}
}

func TestLimiterFixedWindow(t *testing.T) {
	l := NewLimiter(testenv.Redis(t))
	ctx := context.Background()
	key := "test:" + testenv.UniqueEmail("limiter")
	rule := Rule{Limit: 3, Window: 300 * time.Millisecond}
	for i := range 3 {
		if err := l.Hit(ctx, key, rule); err != nil {
			t.Fatalf("hit %d: %v", i+1, err)
		}
	}
	err := l.Hit(ctx, key, rule)
	var rl *RateLimitError
	if !errors.As(err, &rl) || apperr.KindOf(err) != apperr.KindRateLimited || rl.RetryAfterSeconds() != 1 {
		t.Fatalf("4th hit: want rate limited with Retry-After 1, got %v", err)
	}
	time.Sleep(350 * time.Millisecond)
	if err := l.Hit(ctx, key, rule); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if err := l.Hit(ctx, key, Rule{}); err != nil {
		t.Fatalf("zero rule must not limit: %v", err)
	}
}

func TestLoginPerAccountLimitResetsOnSuccess(t *testing.T) {
	s := newTestService(t, Limits{LoginPerAccount: Rule{Limit: 3, Window: time.Minute}})
	in, _ := register(t, s, "acct")
	ctx := context.Background()
	bad := LoginInput{Email: in.Email, Password: "wrong password!"}
	good := LoginInput{Email: "  " + in.Email + " ", Password: in.Password}
	for range 2 {
		if _, err := s.Login(ctx, "192.0.2.3", bad); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("bad login: %v", err)
		}
	}
	if _, err := s.Login(ctx, "192.0.2.3", good); err != nil {
		t.Fatalf("good login after 2 failures: %v", err)
	}
	for range 3 {
		if _, err := s.Login(ctx, "192.0.2.3", bad); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("bad login after reset: %v", err)
		}
	}
	if _, err := s.Login(ctx, "192.0.2.3", good); apperr.KindOf(err) != apperr.KindRateLimited {
		t.Fatalf("4th attempt: want rate limited even with the right password, got %v", err)
	}
}

func TestLoginRehashesOldParams(t *testing.T) {
	s := newTestService(t, Limits{})
	in, sess := register(t, s, "rehash")
	stronger := *s
	stronger.hasher = NewHasher(Argon2Params{Memory: 128, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	if _, err := stronger.Login(context.Background(), "192.0.2.4", LoginInput{Email: in.Email, Password: in.Password}); err != nil {
		t.Fatal(err)
	}
	u, err := s.store.ByID(context.Background(), sess.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=128,t=2,p=1$"; u.PasswordHash[:len(want)] != want {
		t.Fatalf("hash not upgraded: %s", u.PasswordHash[:30])
	}
}

// TestLastAdminCannotBeDemoted runs two admins demoting each other at the same moment: one wins,
// the other gets ErrLastAdmin, and the club keeps exactly one admin.
func TestLastAdminCannotBeDemoted(t *testing.T) {
	s := newTestService(t, Limits{})
	ctx := context.Background()
	db := testenv.DB(t)
	if err := db.Exec("UPDATE users SET role = 'member' WHERE role = 'admin'").Error; err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for i := range 2 {
		u, created, err := s.EnsureAdmin(ctx, RegisterInput{Email: testenv.UniqueEmail(fmt.Sprint("admin", i)), Password: "long enough password", Name: "Admin"})
		if err != nil || !created {
			t.Fatalf("ensure admin: %v %v", created, err)
		}
		ids = append(ids, u.ID)
	}
	member := RoleMember
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.UpdateUser(ctx, Principal{UserID: ids[1-i], Role: RoleAdmin}, id, AdminUserInput{Role: &member})
		}()
	}
	wg.Wait()
	ok, last := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrLastAdmin):
			last++
		default:
			t.Fatalf("unexpected: %v", err)
		}
	}
	var admins int64
	db.Raw("SELECT COUNT(*) FROM users WHERE role = 'admin'").Scan(&admins)
	if ok != 1 || last != 1 || admins != 1 {
		t.Fatalf("want one demotion and one last_admin with 1 admin left, got ok=%d last=%d admins=%d", ok, last, admins)
	}
	// EnsureAdmin on an existing account promotes it and keeps its password.
	in, sess := register(t, s, "promote")
	u, created, err := s.EnsureAdmin(ctx, RegisterInput{Email: in.Email, Password: "another long password", Name: "X"})
	if err != nil || created || u.Role != RoleAdmin || u.ID != sess.User.ID {
		t.Fatalf("promote: %+v created=%v err=%v", u, created, err)
	}
	if _, err := s.Login(ctx, "192.0.2.5", LoginInput{Email: in.Email, Password: in.Password}); err != nil {
		t.Fatalf("promoted account lost its password: %v", err)
	}
}

func TestListUsersEscapesWildcards(t *testing.T) {
	s := newTestService(t, Limits{})
	register(t, s, "wild")
	users, total, err := s.Users(context.Background(), UserFilter{Query: "%"}, pageOf(1, 10))
	if err != nil {
		t.Fatal(err)
	}
	if total != 0 || len(users) != 0 {
		t.Fatalf("%% matched %d users: LIKE wildcards are not escaped", total)
	}
}

func TestChangePasswordGuessesAreLimited(t *testing.T) {
	s := newTestService(t, Limits{LoginPerAccount: Rule{Limit: 2, Window: time.Minute}})
	in, sess := register(t, s, "pwguess")
	p := Principal{UserID: sess.User.ID, Role: RoleMember}
	ctx := context.Background()
	wrong := PasswordInput{CurrentPassword: "not the password", NewPassword: "a new long password"}
	for range 2 {
		if err := s.ChangePassword(ctx, p, wrong); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("wrong current password: %v", err)
		}
	}
	right := PasswordInput{CurrentPassword: in.Password, NewPassword: "a new long password"}
	if err := s.ChangePassword(ctx, p, right); apperr.KindOf(err) != apperr.KindRateLimited {
		t.Fatalf("third guess: want rate limited, got %v", err)
	}
}

// TestUnknownEmailCostsOneHash: a login with an unknown email derives one argon2id key, exactly
// as a wrong password does, so the answer's timing does not tell whether the account exists.
// (Counted, not timed: the work is what an attacker measures.)
func TestUnknownEmailCostsOneHash(t *testing.T) {
	s := newTestService(t, Limits{})
	in, _ := register(t, s, "hashwork")
	ctx := context.Background()
	for _, email := range []string{in.Email, testenv.UniqueEmail("ghost")} {
		before := s.hasher.keys.Load()
		_, err := s.Login(ctx, "192.0.2.3", LoginInput{Email: email, Password: "wrong wrong wrong"})
		if !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("%s: want invalid credentials, got %v", email, err)
		}
		if n := s.hasher.keys.Load() - before; n != 1 {
			t.Fatalf("%s: login derived %d keys, want 1", email, n)
		}
	}
}
