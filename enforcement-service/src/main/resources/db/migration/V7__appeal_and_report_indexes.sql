-- The transparency report counts rows by when they happened; these keep a year's report from scanning whole tables.
create index report_sanctions_started on sanctions (starts_at);
create index report_appeals_filed on appeals (filed_at);
create index report_appeals_decided on appeals (decided_at) where state = 'decided';
create index report_review_items_decided on review_items (decided_at) where state = 'decided';
create index report_notices_created on notices (created_at);
