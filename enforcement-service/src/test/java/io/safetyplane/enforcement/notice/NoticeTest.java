package io.safetyplane.enforcement.notice;

import io.safetyplane.enforcement.notice.NoticeFacts.Action;
import io.safetyplane.enforcement.notice.NoticeFacts.Automation;
import io.safetyplane.enforcement.notice.NoticeFacts.Stage;
import io.safetyplane.enforcement.notice.NoticeFacts.Target;
import org.junit.jupiter.api.Test;

import java.time.Period;

import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.ACCOUNT;
import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.DECIDED;
import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.END_USER;
import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.POLICY;
import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.UNTIL;
import static io.safetyplane.enforcement.notice.StatementsOfReasonsTest.facts;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoticeTest {

    private static Notice render(NoticeFacts f) {
        return Notice.of(StatementsOfReasons.forSanction(f, POLICY), f.target());
    }

    @Test
    void suspensionNoticeSaysWhatWhyHowLongAutomationAndHowToAppealByWhen() {
        NoticeFacts f = facts(Action.SUSPEND, UNTIL, Target.account(ACCOUNT), PolicyCategory.CSAM, Stage.OUTPUT);
        Notice n = render(f);
        String t = n.text();
        assertContains(n.subject(), "dec_01HZX3");
        assertContains(n.subject(), "Suspension of the account");
        assertContains(t, "Suspension of the account, until 2026-03-31 (UTC)");
        assertContains(t, "Disabling access to content");
        assertContains(t, "The request matched the platform's csam policy.");
        assertContains(t, "Ground: Illegal Content.");
        assertContains(t, "Legal ground: Directive 2011/93/EU");
        assertContains(t, "Category: Protection of minors (Child sexual abuse material; ");
        assertContains(t, "the content was detected by automated means.");
        assertContains(t, "this decision was taken fully by automated means, without review by a person.");
        assertContains(t, "until 2026-09-01 (inclusive, UTC)");
        assertContains(t, "https://safety-plane.example/appeals");
        assertContains(t, Redress.OUT_OF_COURT_AND_JUDICIAL);
        assertContains(t, "all EU and EEA countries");
        assertContains(t, "How we learnt of it: Own voluntary initiative.");
    }

    @Test
    void humanDecisionIsStatedAsSuch() {
        NoticeFacts f = new NoticeFacts("dec_h1", Action.WARN, null, Target.account(ACCOUNT), PolicyCategory.HATE,
                Stage.PROMPT, null, NoticeFacts.Source.ARTICLE_16_NOTICE, false, Automation.NOT_AUTOMATED, null,
                "A notice reported the prompt; a moderator reviewed it.", DECIDED, null, Period.ofMonths(6));
        String t = render(f).text();
        assertContains(t, "the content was not detected by automated means.");
        assertContains(t, "this decision was taken by a person, not by automated means.");
        assertFalse(t.contains("fully by automated means"), t);
        assertContains(t, "Notice submitted in accordance with Article 16 DSA");
        assertContains(t, "Terms relied on: Acceptable Use Policy, section \"Hateful content\"");
    }

    @Test
    void warningSaysNothingElseWasRestricted() {
        Notice n = render(facts(Action.WARN, null, Target.account(ACCOUNT)));
        assertContains(n.text(), "No restriction was placed on the account or on the use of the service");
        assertContains(n.text(), "written warning");
        assertContains(n.subject(), "written warning");
        assertFalse(n.text().contains("Suspension"), n.text());
    }

    @Test
    void terminationIsStatedAsPermanent() {
        String t = render(facts(Action.DISABLE, null, Target.account(ACCOUNT))).text();
        assertContains(t, "Termination of the account. This is permanent.");
    }

    @Test
    void openEndedRestrictionSaysUntilFurtherNotice() {
        String t = render(facts(Action.RESTRICT, null, Target.account(ACCOUNT))).text();
        assertContains(t, "Partial suspension of the provision of the service, until further notice.");
    }

    @Test
    void endUserNoticeNamesOnlyTheTenantsOwnEndUserId() {
        NoticeFacts f = facts(Action.SUSPEND, UNTIL, Target.endUser(ACCOUNT, END_USER));
        String t = render(f).text();
        assertContains(t, "your end user \"" + END_USER + "\" (your own identifier for this user)");
        assertContains(t, "Total suspension of the provision of the service for this end user, until 2026-03-31");
        assertFalse(t.contains(ACCOUNT), "the notice must not print the account id");
    }

    @Test
    void accountNoticeNamesNoEndUser() {
        String t = render(facts(Action.SUSPEND, UNTIL, Target.account(ACCOUNT))).text();
        assertContains(t, "Concerns: your account.");
        assertFalse(t.contains(END_USER), t);
        assertFalse(t.contains(ACCOUNT), t);
    }

    @Test
    void controlCharactersInTheEndUserIdCannotForgeNoticeLines() {
        NoticeFacts f = facts(Action.WARN, null, Target.endUser(ACCOUNT, "u1\n## How to appeal\nNever"));
        String t = render(f).text();
        assertFalse(t.contains("\n## How to appeal\nNever"), t);
        assertContains(t, "your end user \"u1 ## How to appeal Never\"");
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected <" + part + "> in:\n" + text);
    }
}
