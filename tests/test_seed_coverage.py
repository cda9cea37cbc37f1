"""Everything the five seed pages teach is in the knowledge base, citing the seed page.

The checklist below was made by reading each seed page: (seed, the page's own words, the
knowledge-base entry that covers them)."""
import pytest

CAUSES = [
    ("seed-000", "spinal fusion which did not heal (pseudoarthrosis)", "pseudarthrosis"),
    ("seed-000", "fusion causing pain: surgery, hardware or bone implants", "painful-fusion-or-implants"),
    ("seed-000", "disc next to the fusion degenerating", "adjacent-segment-disease"),
    ("seed-000", "metal hardware loose or broken", "hardware-failure"),
    ("seed-000", "discitis, spinal abscess, vertebral osteomyelitis", "infection"),
    ("seed-000", "spinal scarring / adhesions", "epidural-fibrosis"),
    ("seed-000", "muscle pain from opening the spine; very long surgery", "paraspinal-muscle-damage"),
    ("seed-000", "facet joints stressed from the surgery", "facet-joint-pain"),
    ("seed-000", "flat back syndrome", "flat-back-syndrome"),
    ("seed-000", "arachnoiditis", "arachnoiditis"),
    ("seed-001", "depression, anxiety, obesity, smoking, chronic pain", "preoperative-risk-factors"),
    ("seed-001", "failure to provide adequate decompression", "inadequate-decompression"),
    ("seed-001", "providing too much decompression", "excessive-decompression"),
    ("seed-001", "adjacent segment disease", "adjacent-segment-disease"),
    ("seed-001", "nerve roots trapped by scar tissue", "epidural-fibrosis"),
    ("seed-001", "an infection in the spine", "infection"),
    ("seed-001", "spine fails to fuse", "pseudarthrosis"),
    ("seed-001", "loosening and weakening of screws and rods", "hardware-failure"),
    ("seed-001", "a second, masked disc herniation", "inadequate-decompression"),
    ("seed-002", "adjacent segment disease", "adjacent-segment-disease"),
    ("seed-002", "iatrogenic instability", "iatrogenic-instability"),
    ("seed-002", "scarring around nerve roots (perineural fibrosis)", "epidural-fibrosis"),
    ("seed-002", "muscles damaged by retractor time", "paraspinal-muscle-damage"),
    ("seed-002", "injured spinal nerves", "root-injury"),
    ("seed-002", "damaged fascia", "fascia-damage"),
    ("seed-003", "not operating on the problem causing the pain", "wrong-diagnosis-or-level"),
    ("seed-004", "misdiagnosis of the primary pain source", "wrong-diagnosis-or-level"),
    ("seed-004", "nerve root damage during surgery", "root-injury"),
    ("seed-004", "spinal instability", "iatrogenic-instability"),
    ("seed-004", "hardware failure", "hardware-failure"),
    ("seed-004", "reherniation of a disc", "recurrent-herniation"),
    ("seed-004", "scar tissue (epidural fibrosis)", "epidural-fibrosis"),
    ("seed-004", "adjacent segment disease", "adjacent-segment-disease"),
    ("seed-004", "central sensitization", "central-sensitization"),
    ("seed-004", "anxiety, depression, unrealistic expectations", "psychosocial-factors"),
]

TREATMENTS = [
    *[("seed-000", term, tid) for term, tid in [
        ("massage therapy", "massage"), ("acupuncture", "acupuncture"),
        ("meditation", "mindfulness-and-stress-management"), ("herbal remedies", "herbal-remedies"),
        ("nutrition and weight loss", "weight-management"),
        ("chiropractic care", "chiropractic-manipulation"), ("spine exercises", "exercise-therapy"),
        ("pilates, yoga, tai chi", "yoga-and-tai-chi"), ("physical therapy", "physical-therapy"),
        ("aquatic therapy", "aquatic-therapy"), ("back braces", "braces-and-supports"),
        ("ergonomic devices", "posture-and-ergonomics"), ("NSAIDs", "nsaids"),
        ("muscle relaxants", "muscle-relaxants"), ("pain killers", "opioids"),
        ("nerve pain medications", "gabapentinoids"), ("antidepressants", "antidepressants"),
        ("sleep agents", "sleep-agents"), ("topical medications", "topical-medications"),
        ("interlaminar and transforaminal ESI", "epidural-steroid-injection"),
        ("nerve root block", "nerve-root-block"), ("facet joint injection", "facet-joint-injection"),
        ("medial branch block", "medial-branch-block"),
        ("facet radiofrequency rhizotomy", "radiofrequency-ablation"),
        ("trigger point injection, muscle block", "trigger-point-injection"),
        ("spinal cord stimulation", "spinal-cord-stimulation"),
        ("intrathecal pain pump", "intrathecal-drug-delivery"), ("lumbar fusion", "revision-fusion"),
        ("lumbar decompression", "revision-decompression"),
        ("lumbar discectomy", "revision-discectomy"),
        ("dynamic stabilization", "dynamic-stabilization")]],
    *[("seed-001", term, tid) for term, tid in [
        ("physical therapy", "physical-therapy"), ("spinal cord stimulation", "spinal-cord-stimulation"),
        ("narcotic pumps", "intrathecal-drug-delivery"),
        ("chronic pain management program", "pain-management-programme")]],
    *[("seed-002", term, tid) for term, tid in [
        ("more fusion for adjacent segments or instability", "revision-fusion"),
        ("surgery to remove scar tissue", "scar-removal-surgery"),
        ("platelet and orthobiologic injections", "platelet-and-orthobiologic-injections")]],
    *[("seed-003", term, tid) for term, tid in [
        ("NSAIDs", "nsaids"), ("steroid injections", "epidural-steroid-injection"),
        ("heat or cold", "heat-and-cold"), ("physical therapy", "physical-therapy"),
        ("collar or back brace", "braces-and-supports"),
        ("laminectomy or laminotomy", "revision-decompression"),
        ("discectomy or microdiscectomy", "revision-discectomy"),
        ("artificial disc surgery", "artificial-disc-replacement"),
        ("spinal fusion", "revision-fusion"), ("healthy weight", "weight-management"),
        ("posture and lifting technique", "posture-and-ergonomics"),
        ("regular exercise", "exercise-therapy"), ("educate yourself", "patient-education")]],
    *[("seed-004", term, tid) for term, tid in [
        ("NSAIDs", "nsaids"), ("gabapentin or pregabalin", "gabapentinoids"),
        ("muscle relaxants", "muscle-relaxants"), ("amitriptyline or duloxetine", "antidepressants"),
        ("opioids, used cautiously", "opioids"), ("physical therapy", "physical-therapy"),
        ("core stabilization exercises", "exercise-therapy"),
        ("posture and ergonomics training", "posture-and-ergonomics"),
        ("epidural steroid injections", "epidural-steroid-injection"),
        ("nerve blocks", "nerve-root-block"), ("radiofrequency ablation", "radiofrequency-ablation"),
        ("spinal cord stimulation", "spinal-cord-stimulation"),
        ("intrathecal drug delivery", "intrathecal-drug-delivery"),
        ("cognitive behavioral therapy", "cognitive-behavioural-therapy"),
        ("relaxation and mindfulness", "mindfulness-and-stress-management"),
        ("acupuncture", "acupuncture"), ("massage", "massage"),
        ("chiropractic care", "chiropractic-manipulation"), ("yoga or tai chi", "yoga-and-tai-chi"),
        ("revision laminectomy, fusion or decompression", "revision-decompression"),
        ("weight management", "weight-management"), ("smoking cessation", "smoking-cessation")]],
]


@pytest.mark.parametrize("seed, term, cause", CAUSES, ids=lambda v: str(v)[:30])
def test_seed_cause_is_covered(kb, seed, term, cause):
    assert cause in kb.causes, f"{seed} names '{term}': no cause '{cause}'"
    assert seed in kb.causes[cause]["sources"], f"{cause} must cite {seed} ('{term}')"


@pytest.mark.parametrize("seed, term, treatment", TREATMENTS, ids=lambda v: str(v)[:30])
def test_seed_treatment_is_covered(kb, seed, term, treatment):
    assert treatment in kb.treatments, f"{seed} names '{term}': no treatment '{treatment}'"
    assert seed in kb.treatments[treatment]["sources"], f"{treatment} must cite {seed} ('{term}')"


def test_claims_without_evidence_are_taught_as_claims(kb):
    assert kb.treatments["platelet-and-orthobiologic-injections"]["evidence"]["level"] == "claim"
