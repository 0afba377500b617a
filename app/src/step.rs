//! The eight steps of SOP-DINKOMINFO-012: who does each, its standard time, and where a
//! meeting stands.

use crate::account::{Role, Viewer};
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    Schedule = 1,
    Report = 2,
    Review = 3,
    Notes = 4,
    Document = 5,
    Deliver = 6,
    Sign = 7,
    Reply = 8,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Schedule,
        Step::Report,
        Step::Review,
        Step::Notes,
        Step::Document,
        Step::Deliver,
        Step::Sign,
        Step::Reply,
    ];

    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn from_number(n: i64) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.number() == n)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Schedule => "Penjadwalan pertemuan",
            Step::Report => "Laporan progres pihak ketiga",
            Step::Review => "Tinjauan progres",
            Step::Notes => "Catatan tindak lanjut",
            Step::Document => "Dokumentasi FRM-DINKOMINFO-020",
            Step::Deliver => "Penyampaian hasil ke pihak ketiga",
            Step::Sign => "Tanda tangan Kasi",
            Step::Reply => "Balasan tiket service desk",
        }
    }

    /// Who does the step, as the SOP says.
    pub fn actor(self) -> &'static str {
        match self {
            Step::Schedule | Step::Notes | Step::Document | Step::Deliver => "PIC",
            Step::Report => "Pihak Ketiga",
            Step::Review => "OPD dan PIC",
            Step::Sign => "Kasi",
            Step::Reply => "Service Desk",
        }
    }

    /// The SOP's standard time for the step, in minutes.
    pub fn standard_minutes(self) -> i64 {
        match self {
            Step::Report => 30,
            Step::Review => 15,
            Step::Sign => 2,
            _ => 5,
        }
    }

    /// The step that must be done before this one.
    pub fn previous(self) -> Option<Step> {
        Step::from_number(self.number() - 1)
    }

    /// Steps 7 and 8 are done again for every revision of the row; the others once.
    pub fn per_revision(self) -> bool {
        matches!(self, Step::Sign | Step::Reply)
    }
}

/// What an application and a meeting are, as far as rights go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub agency: crate::ids::AgencyId,
    pub vendor: crate::ids::VendorId,
    pub pic: Option<UserId>,
}

/// Whether the viewer's role lets them do the step for this application.
pub fn may_do(step: Step, viewer: &Viewer, parties: &Parties) -> bool {
    let pic = viewer.can_edit_log(parties.pic);
    match step {
        Step::Schedule | Step::Notes | Step::Document | Step::Deliver => pic,
        Step::Report => viewer.has(Role::PihakKetiga) && viewer.vendor == Some(parties.vendor),
        Step::Review => pic || (viewer.has(Role::Klien) && viewer.agency == Some(parties.agency)),
        Step::Sign => viewer.has(Role::Kasi),
        Step::Reply => viewer.has(Role::ServiceDesk),
    }
}

/// A step done: by whom, when, and when its form was opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: Step,
    pub revision: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub done_at: DateTime<Utc>,
    pub user_name: String,
}

impl StepRecord {
    /// Minutes from opening the step's form to finishing it, when that is known and plausible.
    pub fn minutes_taken(&self) -> Option<i64> {
        let started = self.started_at?;
        let seconds = (self.done_at - started).num_seconds();
        (0..=12 * 3600).contains(&seconds).then(|| (seconds + 59) / 60)
    }

    pub fn over_standard(&self) -> bool {
        self.minutes_taken().is_some_and(|m| m > self.step.standard_minutes())
    }
}

/// Where a meeting stands: the records of its steps for the current revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Progress {
    pub records: Vec<StepRecord>,
    pub revision: i64,
    pub cancelled: bool,
}

impl Progress {
    /// The record of a step: steps 1–6 from any revision, steps 7–8 from the current one.
    pub fn record(&self, step: Step) -> Option<&StepRecord> {
        self.records
            .iter()
            .filter(|r| r.step == step && (!step.per_revision() || r.revision == self.revision))
            .max_by_key(|r| r.done_at)
    }

    pub fn done(&self, step: Step) -> bool {
        self.record(step).is_some()
    }

    /// The first step not done yet; none when all eight are done or the meeting is cancelled.
    pub fn next(&self) -> Option<Step> {
        if self.cancelled {
            return None;
        }
        Step::ALL.into_iter().find(|s| !self.done(*s))
    }

    /// Whether the step may be done now: its predecessor is done and, for the one-time steps
    /// after the report, it is not done yet. The report and the review may be rewritten until
    /// the meeting is documented.
    pub fn open_for(&self, step: Step) -> bool {
        if self.cancelled {
            return false;
        }
        let after_previous = step.previous().is_none_or(|p| self.done(p));
        let rewritable = matches!(step, Step::Report | Step::Review) && !self.done(Step::Document);
        after_previous && (rewritable || !self.done(step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, VendorId};

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_740_448_800 + minute * 60, 0).unwrap()
    }

    fn record(step: Step, revision: i64) -> StepRecord {
        StepRecord { step, revision, started_at: Some(at(0)), done_at: at(3), user_name: "x".into() }
    }

    fn progress(done: &[Step], revision: i64) -> Progress {
        Progress { records: done.iter().map(|s| record(*s, 1)).collect(), revision, cancelled: false }
    }

    #[test]
    fn steps_follow_the_sop_in_order() {
        let p = progress(&[Step::Schedule], 1);
        assert_eq!(p.next(), Some(Step::Report));
        assert!(p.open_for(Step::Report));
        assert!(!p.open_for(Step::Review), "no review before the report");
        assert!(!p.open_for(Step::Sign));
        let p = progress(&Step::ALL[..6], 1);
        assert_eq!(p.next(), Some(Step::Sign));
        assert!(!p.open_for(Step::Document), "documented once");
        assert!(!p.open_for(Step::Report), "the report is closed once documented");
    }

    #[test]
    fn a_correction_asks_for_a_new_signature_and_reply() {
        let p = progress(&Step::ALL, 2);
        assert_eq!(p.next(), Some(Step::Sign));
        assert!(p.open_for(Step::Sign));
        assert!(!p.open_for(Step::Reply));
    }

    #[test]
    fn a_cancelled_meeting_waits_for_nothing() {
        let p = Progress { cancelled: true, ..progress(&[Step::Schedule], 1) };
        assert_eq!(p.next(), None);
        assert!(!p.open_for(Step::Report));
    }

    #[test]
    fn the_time_taken_is_compared_with_the_standard() {
        let r = record(Step::Sign, 1);
        assert_eq!(r.minutes_taken(), Some(3));
        assert!(r.over_standard(), "3 minutes for a ±2 minute step");
        assert!(!record(Step::Report, 1).over_standard());
        let unknown = StepRecord { started_at: None, ..record(Step::Report, 1) };
        assert_eq!(unknown.minutes_taken(), None);
    }

    #[test]
    fn each_step_belongs_to_its_role() {
        let parties = Parties { agency: AgencyId(1), vendor: VendorId(2), pic: Some(UserId(3)) };
        let viewer = |roles: &[Role], id: i64| Viewer {
            id: UserId(id),
            name: "x".into(),
            email: "x@y.id".into(),
            roles: roles.to_vec(),
            agency: Some(AgencyId(1)),
            agency_name: None,
            vendor: Some(VendorId(2)),
            vendor_name: None,
            locale: Default::default(),
        };
        let pic = viewer(&[Role::Pic], 3);
        let other_pic = viewer(&[Role::Pic], 4);
        let vendor = viewer(&[Role::PihakKetiga], 5);
        let klien = viewer(&[Role::Klien], 6);
        let kasi = viewer(&[Role::Kasi], 7);
        let desk = viewer(&[Role::ServiceDesk], 8);
        assert!(may_do(Step::Schedule, &pic, &parties) && !may_do(Step::Schedule, &other_pic, &parties));
        assert!(may_do(Step::Report, &vendor, &parties) && !may_do(Step::Report, &pic, &parties));
        assert!(may_do(Step::Review, &klien, &parties) && may_do(Step::Review, &pic, &parties));
        assert!(!may_do(Step::Review, &vendor, &parties));
        assert!(may_do(Step::Sign, &kasi, &parties) && !may_do(Step::Sign, &vendor, &parties));
        assert!(!may_do(Step::Sign, &pic, &parties), "the vendor never signs, nor the PIC");
        assert!(may_do(Step::Reply, &desk, &parties) && !may_do(Step::Reply, &kasi, &parties));
    }
}
