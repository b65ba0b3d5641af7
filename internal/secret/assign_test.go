package secret

import (
	"fmt"
	"strings"
	"testing"
)

func TestScanAssignments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "line:NAME=value"
	}{
		{"env equals", "FROM x\nENV DB_PASSWORD=s3cret OTHER=1\n", []string{"2:DB_PASSWORD=s3cret"}},
		{"env quoted", `ENV API_TOKEN="abc def ghi" A=b`, []string{"1:API_TOKEN=abc def ghi"}},
		{"env legacy", "ENV SECRET_KEY  some value here!", []string{"1:SECRET_KEY=some value here!"}},
		{"env continuation", "ENV A=1 \\\n    CLIENT_SECRET=zz9-yy8 \\\n    B=2\n", []string{"2:CLIENT_SECRET=zz9-yy8"}},
		{"arg default", "ARG password=pass!1213Fs", []string{"1:password=pass!1213Fs"}},
		{"arg no default", "ARG NPM_TOKEN\nARG GITHUB_TOKEN", nil},
		{"arg ref", "ARG DB_PASSWORD=${DEFAULT_PW}", nil},
		{"lowercase instr", "env PASSWORD=hunter22", []string{"1:PASSWORD=hunter22"}},
		{"dotenv", "# comment\nexport DB_PASS=hunter2\nDB_HOST=db\n", []string{"2:DB_PASS=hunter2"}},
		{"compose list", "    environment:\n      - POSTGRES_USER=postgres\n      - POSTGRES_PASSWORD=postgres\n", []string{"3:POSTGRES_PASSWORD=postgres"}},
		{"compose list quoted", `      - "MYSQL_ROOT_PASSWORD=r00t"`, []string{"1:MYSQL_ROOT_PASSWORD=r00t"}},
		{"compose map", "    environment:\n      POSTGRES_PASSWORD: s3cretPW\n", []string{"2:POSTGRES_PASSWORD=s3cretPW"}},
		{"compose map ref", "      POSTGRES_PASSWORD: ${PG_PASSWORD:?required}\n", nil},
		{"compose file", "      POSTGRES_PASSWORD_FILE: /run/secrets/pg\n", nil},
		{"yaml stringData", "stringData:\n  password: \"root\"\n", []string{"2:password=root"}},
		{"yaml comment", "  token: abc123xyz # rotate me\n", []string{"1:token=abc123xyz"}},
		{"yaml block scalar", "  password: |\n    hunter2\n", nil},
		{"json", `  "api_key": "k-123456",`, []string{"1:api_key=k-123456"}},
		{"k8s env", "env:\n  - name: DB_PASS\n    value: \"passx\"\n  - name: DB_HOST\n    value: db\n",
			[]string{"3:DB_PASS=passx"}},
		{"k8s env valueFrom", "env:\n  - name: DB_PASS\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n", nil},
		{"k8s env ref", "  - name: API_TOKEN\n    value: $(TOKEN)\n", nil},
		{"k8s name then unrelated value", "- name: DB_PASSWORD\n  image: x\nother:\n  value: literal1\n", nil},
		{"boolean", "automountServiceAccountToken: false\n", nil},
		{"image tag", "image: registry/token:latest\n", nil},
		{"windows line endings", "PASSWORD=abc123\r\nX=1\r\n", []string{"1:PASSWORD=abc123"}},
		{"escaped quotes", `    sasl.jaas.config: "x required username=\"client\" password=\"client-secret\";"`, nil},
		{"escaped quotes KEY=value", `              password=\"connect-secret\";"`, []string{"1:password=connect-secret"}},
		{"value is the name", "  HF_TOKEN: HF_TOKEN\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range ScanAssignments(tt.text) {
				if tt.text[a.Start:a.End] != a.Value {
					t.Errorf("span %d:%d = %q, value %q", a.Start, a.End, tt.text[a.Start:a.End], a.Value)
				}
				if a.Reason == "" || strings.Contains(a.Reason, a.Value) {
					t.Errorf("reason %q must explain without the value", a.Reason)
				}
				got = append(got, fmt.Sprintf("%d:%s=%s", a.Line, a.Name, a.Value))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("ScanAssignments = %q, want %q", got, tt.want)
			}
		})
	}
}
