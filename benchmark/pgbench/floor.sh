#!/usr/bin/env bash
# What row-level security and an audit row cost in PostgreSQL alone, with no ORM and no Java: the
# floor under the ratios SideBySideBenchmark prints. pgbench, one client, prepared statements,
# interleaved rounds; prints each ratio as median (min-max).
#
#   benchmark/pgbench/floor.sh                  # the server of PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres)
#   ROUNDS=5 SECONDS_EACH=20 benchmark/pgbench/floor.sh
#
# Commits do not wait for the disk (synchronous_commit=off, as on the embedded server the Java
# benchmarks run on): a write's figure is the database's work, not the disk's flush latency. Set
# FLOOR_PGOPTIONS= (empty) to measure with the server's own setting.
#
# It creates, and at the end drops, the database tenantry_floor and the roles tenantry_floor_app
# (subject to row-level security) and tenantry_floor_bypass (BYPASSRLS), so it needs a superuser.
# The table, index and policy are those of the side-by-side benchmark and of Tenantry's migrations;
# the tenant is set the way Tenantry sets it in autocommit: set_config in the same round trip as the
# statement (pgbench's pipeline, one Sync, as pgjdbc sends a multi-statement query).
set -euo pipefail
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGOPTIONS=${FLOOR_PGOPTIONS--c synchronous_commit=off}
rounds=${ROUNDS:-3}
each=${SECONDS_EACH:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  psql -qX -d postgres -c "DROP DATABASE IF EXISTS tenantry_floor" \
       -c "DROP ROLE IF EXISTS tenantry_floor_app" -c "DROP ROLE IF EXISTS tenantry_floor_bypass" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql -qX -v ON_ERROR_STOP=1 -d postgres -f "$here/schema.sql" >/dev/null

tenant='\set t random(1, 1000)
\set r random(1, 100)'
find="SELECT id, created_at, updated_at, version, deleted_at, title, amount FROM bench_items
  WHERE organization_id = k(:t) AND id = k(:t * 1000 + :r) AND deleted_at IS NULL;"
update="UPDATE bench_items SET amount = amount + 1, version = version + 1, updated_at = now()
  WHERE organization_id = k(:t) AND id = k(:t * 1000 + :r) AND deleted_at IS NULL;"
audited="WITH changed AS (UPDATE bench_items SET amount = amount + 1, version = version + 1, updated_at = now()
  WHERE organization_id = k(:t) AND id = k(:t * 1000 + :r) AND deleted_at IS NULL RETURNING organization_id, id, amount)
  INSERT INTO activities (organization_id, id, created_at, updated_at, actor, type, entity_type, entity_id, metadata)
  SELECT organization_id, gen_random_uuid(), now(), now(), 'bench', 'item.updated', 'Item', id,
         jsonb_build_object('amount', jsonb_build_array(amount - 1, amount)) FROM changed;"
set_tenant="SELECT set_config('tenantry.tenant_id', k(:t)::text, true), set_config('tenantry.principal', 'bench', true);"
script() {   # name, statement, with the tenant set in the same round trip or not
  if [ "$3" = yes ]; then
    printf '%s\n\\startpipeline\n%s\n%s\n\\endpipeline\n' "$tenant" "$set_tenant" "$2" > "$work/$1.sql"
  else
    printf '%s\n%s\n' "$tenant" "$2" > "$work/$1.sql"
  fi
}
script find-off "$find" no
script find-set "$find" yes
script find-on "$find" yes
script update-off "$update" no
script update-on "$update" yes
script audited-off "$audited" no
script audited-on "$audited" yes

declare -A user=([find-off]=tenantry_floor_bypass [find-set]=tenantry_floor_bypass [find-on]=tenantry_floor_app
                 [update-off]=tenantry_floor_bypass [update-on]=tenantry_floor_app
                 [audited-off]=tenantry_floor_bypass [audited-on]=tenantry_floor_app)
order=(find-off find-set find-on update-off update-on audited-off audited-on)
for ((round = 1; round <= rounds; round++)); do
  for v in "${order[@]}"; do
    tps=$(pgbench -n -M prepared -c 1 -T "$each" -U "${user[$v]}" -f "$work/$v.sql" tenantry_floor 2>&1 \
          | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    [ -n "$tps" ] || { echo "pgbench gave no figure for $v" >&2; exit 1; }
    echo "$round $v $tps" >> "$work/tps"
    printf 'round %d  %-12s %10.0f tps\n' "$round" "$v" "$tps"
  done
done

ratio() {   # label, numerator variant, denominator variant: per round, then median (min-max)
  awk -v a="$2" -v b="$3" -v label="$1" '
    $2 == a {n[$1] = $3} $2 == b {d[$1] = $3}
    END {
      k = 0; for (r in n) v[++k] = n[r] / d[r]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) {t = v[i]; v[i] = v[j]; v[j] = t}
      med = k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
      printf "%-58s %.2f (%.2f-%.2f)\n", label, med, v[1], v[k]
    }' "$work/tps"
}
echo
echo "PostgreSQL alone ($(psql -qXAt -d postgres -c 'SHOW server_version')), one client, throughput ratios, median (min-max) of $rounds rounds:"
ratio "find: tenant set in the same round trip ÷ plain"             find-set find-off
ratio "find: row-level security on ÷ off"                          find-on find-off
ratio "update: row-level security on ÷ off"                        update-on update-off
ratio "update with its activity in one statement ÷ update"         audited-off update-off
ratio "update with its activity, row-level security on ÷ update"   audited-on update-off

# the same finds through pgjdbc, the driver Tenantry uses: what a JDBC client pays for the prefix
version=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' "$here/../../pom.xml")
jar=$HOME/.m2/repository/org/postgresql/postgresql/$version/postgresql-$version.jar
if [ -f "$jar" ]; then
  java -cp "$jar" "$here/JdbcFloor.java" "jdbc:postgresql://$PGHOST:$PGPORT/tenantry_floor" "$rounds"
else
  echo "pgjdbc $version is not in ~/.m2 (any ./mvnw build of the project brings it): the JDBC floor is skipped" >&2
fi
