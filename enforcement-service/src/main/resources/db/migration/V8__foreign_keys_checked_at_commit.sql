-- Every foreign key is checked when its transaction commits, not row by row: Hibernate may then group a transaction's
-- inserts by table into batched statements (a batch of violations writes sanctions, strikes, violations, outbox
-- events and audit entries), whatever the order in which they were persisted.
do $$
declare
    fk record;
begin
    for fk in select conrelid::regclass as tbl, conname from pg_constraint
              where contype = 'f' and connamespace = 'public'::regnamespace and not condeferrable loop
        execute format('alter table %s alter constraint %I deferrable initially deferred', fk.tbl, fk.conname);
    end loop;
end
$$;
