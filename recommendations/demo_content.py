"""Demo knowledge base for Limber: body areas, approaches, symptoms, conditions with guides,
how each product is used, and the symptom check.

Pure data; recommendations.demo loads it. Guides are general information, written in our own
words, and never claim that a product cures or treats anything.
"""

# (slug, name), in display order
BODY_AREAS = [
    ("knee", "Knee"),
    ("hip-thigh", "Hip and thigh"),
    ("lower-leg", "Shin and calf"),
    ("foot-ankle", "Foot and ankle"),
    ("lower-back", "Lower back"),
    ("neck-shoulder", "Neck and shoulders"),
    ("elbow-wrist", "Elbow and wrist"),
]

# (slug, name, one-line description, has_products)
APPROACHES = [
    (
        "stretching",
        "Stretching",
        "Slow, held stretches that ease tight muscles and help joints move more freely.",
        True,
    ),
    (
        "massage",
        "Massage and myofascial release",
        "Rolling and pressing tight muscles to ease tension and soreness.",
        True,
    ),
    (
        "cold-therapy",
        "Cold therapy",
        "Short spells of cold that can calm pain and swelling after a flare-up.",
        True,
    ),
    (
        "heat",
        "Heat",
        "Gentle warmth that relaxes stiff muscles; best kept away from fresh injuries.",
        True,
    ),
    (
        "support",
        "Support and bracing",
        "Straps, sleeves, braces and insoles that take some load off while things settle.",
        True,
    ),
    (
        "strengthening",
        "Strengthening",
        "Gradual exercise that builds the muscles and tendons that protect a joint.",
        True,
    ),
    (
        "rest",
        "Rest and load management",
        "Easing off whatever provokes the pain, then building back up step by step.",
        True,
    ),
    (
        "physical-therapy",
        "Physical therapy",
        "An assessment and a tailored exercise plan from a physical therapist.",
        False,
    ),
]

# (slug, plain-language name shoppers recognise, body area slug or None)
SYMPTOMS = [
    # General: felt wherever the problem is
    (
        "pain-worse-with-activity",
        "Pain that builds during or after activity such as running, sport or long walks",
        None,
    ),
    (
        "stiffness-after-rest",
        "Stiffness or soreness when you first move after rest or sleep, easing as you warm up",
        None,
    ),
    ("worse-long-sitting", "Discomfort that builds during long spells of sitting, at a desk or driving", None),
    ("gradual-onset", "Came on gradually, over days or weeks", None),
    ("sudden-onset", "Started suddenly, at one clear moment", None),
    # Knee
    ("knee-front-dull-ache", "A dull ache at the front of the knee, around or behind the kneecap", "knee"),
    ("knee-pain-stairs", "Knee pain going up or down stairs", "knee"),
    ("knee-pain-kneel-squat", "Knee pain when kneeling or squatting", "knee"),
    (
        "knee-pain-sitting-standing",
        "Knee pain when you stand up after sitting for a while with your knees bent",
        "knee",
    ),
    ("knee-grinding", "A grinding or clicking feeling under the kneecap", "knee"),
    ("knee-below-kneecap-pain", "Pain just below the kneecap, where the tendon joins the shin", "knee"),
    ("knee-tendon-tender-spot", "A tender spot on the tendon below the kneecap when you press it", "knee"),
    ("knee-pain-jumping", "Knee pain when jumping or landing", "knee"),
    ("knee-outer-pain", "Pain on the outer side of the knee", "knee"),
    ("knee-pain-predictable-point-run", "Knee pain that starts at about the same point in every run", "knee"),
    ("knee-pain-downhill", "Knee pain that is worse running or walking downhill", "knee"),
    ("knee-inner-back-pain", "Pain on the inner side or at the back of the knee", "knee"),
    # Hip and thigh
    ("outer-thigh-tight", "A tight or tender band along the outside of the thigh", "hip-thigh"),
    ("back-thigh-tight", "Tightness or a pulling feeling at the back of the thigh", "hip-thigh"),
    ("cant-reach-toes", "Trouble reaching your toes with your legs straight", "hip-thigh"),
    ("front-thigh-groin-pain", "Pain at the front of the hip or thigh, or in the groin", "hip-thigh"),
    # Shin and calf
    ("inner-shin-ache", "An ache along the inner edge of the shin", "lower-leg"),
    ("shin-bone-tender", "Tenderness along the inner edge of the shin bone when you press it", "lower-leg"),
    ("calf-muscle-pain", "Pain in the bulk of the calf muscle", "lower-leg"),
    (
        "calf-sudden-pull",
        "A sudden pull or twinge in the calf, or a feeling of being kicked there, during activity",
        "lower-leg",
    ),
    ("calf-pain-tiptoe", "Calf pain when you rise up onto tiptoe", "lower-leg"),
    ("calf-bruising", "Bruising or swelling in the calf", "lower-leg"),
    ("calf-tightness", "Tight calf muscles", "lower-leg"),
    # Foot and ankle
    ("heel-underside-pain", "Pain under the heel or along the arch of the foot", "foot-ankle"),
    ("first-steps-morning-pain", "Heel or foot pain that is worst with the first steps in the morning", "foot-ankle"),
    ("back-heel-pain", "Pain or stiffness at the back of the heel or along the tendon just above it", "foot-ankle"),
    ("achilles-thickening", "A thickened or lumpy tendon above the heel that is sore to squeeze", "foot-ankle"),
    ("ankle-joint-pain", "Pain around the ankle joint itself", "foot-ankle"),
    ("forefoot-pain", "Pain in the ball of the foot, the toes or the top of the foot", "foot-ankle"),
    # Lower back
    ("low-back-ache", "An ache or stiffness across the lower back", "lower-back"),
    ("back-pain-bending-lifting", "Back pain that is worse bending forward or lifting", "lower-back"),
    ("pain-into-buttock-thigh", "Pain spreading from the back into the buttock or the back of the thigh", "lower-back"),
    ("pain-below-knee", "Pain spreading from the back down the leg, below the knee", "lower-back"),
    # Neck and shoulders
    ("neck-shoulder-tight", "Tight, aching muscles across the neck and the tops of the shoulders", "neck-shoulder"),
    ("upper-back-knots", "Tender knots between the shoulder blades", "neck-shoulder"),
    ("tension-headache", "Headaches that start at the back of the head or neck", "neck-shoulder"),
    ("shoulder-joint-pain", "Pain in the shoulder joint itself, worse when lifting the arm", "neck-shoulder"),
    # Elbow and wrist
    ("outer-elbow-pain", "Pain on the outer side of the elbow", "elbow-wrist"),
    (
        "grip-twist-pain",
        "Elbow or forearm pain when gripping, lifting or twisting, such as opening a jar",
        "elbow-wrist",
    ),
    ("forearm-ache", "An ache spreading down the back of the forearm", "elbow-wrist"),
    ("weak-grip", "A weaker grip than usual", "elbow-wrist"),
    ("inner-elbow-pain", "Pain on the inner side of the elbow", "elbow-wrist"),
    ("wrist-pain", "Pain mainly in the wrist", "elbow-wrist"),
]

REVIEWED_ON = "2026-10-15"

CONDITIONS = [
    # ------------------------------------------------------------------ knee
    {
        "slug": "runners-knee",
        "name": "Runner's knee",
        "summary": "A dull ache around or behind the kneecap, where it glides over the thigh bone. Often brought on by running, jumping or squatting, and usually eased by adjusting activity and building strength.",
        "prior": 0.12,
        "body_areas": ["knee"],
        "symptoms": {
            "knee-front-dull-ache": 0.85,
            "gradual-onset": 0.8,
            "knee-pain-stairs": 0.75,
            "knee-pain-kneel-squat": 0.7,
            "pain-worse-with-activity": 0.7,
            "knee-pain-sitting-standing": 0.65,
            "knee-grinding": 0.3,
            "knee-pain-downhill": 0.3,
        },
        "treatments": [
            (
                "cold-therapy",
                "immediate",
                0.7,
                "Short spells of cold after activity can calm soreness around the kneecap.",
            ),
            (
                "rest",
                "immediate",
                0.7,
                "Easing off running and deep bending for a while gives the sore area a chance to settle.",
            ),
            (
                "support",
                "immediate",
                0.5,
                "A knee support may make walking and stairs more comfortable while the knee settles.",
            ),
            (
                "strengthening",
                "long_term",
                0.9,
                "Stronger hip and thigh muscles help the kneecap glide smoothly and share the load.",
            ),
            (
                "stretching",
                "long_term",
                0.8,
                "Stretching the thighs and calves can take some tension off the front of the knee.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.8,
                "A physical therapist can check how your knee moves and plan exercises that suit you.",
            ),
            (
                "massage",
                "long_term",
                0.6,
                "Rolling the thigh muscles may ease the tightness that pulls on the kneecap.",
            ),
        ],
        "curations": [
            (
                "loop-stretch-strap",
                "pin",
                0.0,
                "long_term",
                "Our team's go-to for thigh and hamstring stretches: move up a loop at a time instead of pulling harder.",
            ),
            (
                "knee-cold-wrap",
                "pin",
                0.0,
                "immediate",
                "Holds cold evenly around the whole knee after a run or a long day on your feet.",
            ),
            (
                "open-patella-knee-brace",
                "boost",
                0.25,
                "immediate",
                "The ring around the kneecap may help it track more comfortably while things settle.",
            ),
        ],
        "guide": {
            "title": "Runner's knee",
            "slug": "runners-knee",
            "seo_title": "Runner's knee: causes, symptoms, relief and recovery",
            "seo_description": "An ache at the front of the knee? Learn what runner's knee is, why it happens, what eases it now and what helps it heal for good.",
            "overview": """Runner's knee, also called patellofemoral pain, is an ache at the front of the knee that comes from irritation where the kneecap glides over the thigh bone. The smooth cartilage on the back of the kneecap acts as a shock absorber, and running, jumping and squatting ask a great deal of it.

Despite the name, it is not only a runners' problem. Cyclists, walkers, people who climb stairs all day at work and anyone returning to exercise after a break can develop it.

Most people improve with sensible changes to their activity, regular stretching and strengthening, and a little patience.""",
            "causes": """Runner's knee usually builds up from several small factors rather than one event. The common ones are:

- **Overuse.** Lots of repeated bending under load, as in running, jumping sports or squatting, can irritate the area behind the kneecap, especially after a sudden step up in training.
- **Muscle control.** When the muscles around the hip and thigh are weak, tight or slow to switch on, the kneecap may not track smoothly, which adds pressure behind it.
- **A past knee injury.** A kneecap that has been broken or has slipped out of place before is more likely to become painful later.
- **Everyday factors.** Age, sex and the way you live all play a part. It is more common in women, for example, and long hours of sitting or a sudden change in activity can contribute.

Working out which of these apply to you helps you decide where to focus your recovery.""",
            "symptoms": """Runner's knee tends to creep up. It usually begins as a dull, nagging ache rather than a sharp pain, and without changes it may slowly get worse over weeks.

Signs many people recognise:

- an ache at the front of the knee, around or behind the kneecap
- discomfort going up or, often more so, down stairs
- pain when kneeling, squatting or crouching
- soreness when you stand up after sitting with your knees bent for a while, such as after a film or a long drive
- sometimes a grinding or clicking feeling under the kneecap, which is usually not a worry on its own

Swelling is usually mild or absent. Marked swelling, locking or the knee giving way point to something else and are worth getting checked.""",
            "immediate_relief": """When the knee is sore, the aim is to calm it down without stopping moving altogether.

- **Ease off what provokes it.** Cut back on distance, hills, deep squats and kneeling for a week or two. Swimming or easy cycling may be more comfortable ways to stay active.
- **Cool it after activity.** A cold pack wrapped in a thin cloth for 10 to 15 minutes can ease soreness after exercise or a long day.
- **Support it.** Some people find a knee support makes walking and stairs more comfortable while things settle.

[[product:knee-cold-wrap]]

If the pain stays the same or gets worse after a couple of weeks of easing off, it is worth getting advice.""",
            "long_term_healing": """Lasting improvement usually comes from helping the muscles around the knee and hip share the load better.

**Physical therapy.** Many people with runner's knee see a physical therapist for a few sessions. They can look at how your hips, knees and feet move, suggest tools that suit you and, most importantly, teach you exercises to keep doing at home.

**Strengthening.** Exercises for the thigh and hip muscles, such as step-ups, bridges and side-lying leg lifts, can help the kneecap glide more smoothly. Build up gradually; mild discomfort that settles by the next day is generally fine.

**Stretching and massage.** Tight thigh, hamstring and calf muscles can add tension around the kneecap. Many people find that regular stretching with a strap and rolling the front and outer thigh help them feel looser.

[[product:loop-stretch-strap]]

When you return to running, add distance in small steps from week to week rather than all at once.""",
            "when_to_see_doctor": """Runner's knee can often be managed at home, but some signs call for a professional opinion. See a doctor or physical therapist if you notice:

- severe pain, or pain that started with a fall, twist or blow to the knee
- marked swelling, or a knee that feels hot
- being unable to put weight on the leg
- the knee locking, catching or giving way
- numbness, tingling or weakness in the leg
- a fever or feeling generally unwell alongside the knee pain
- no improvement after a couple of weeks of easing off and self-care

A doctor or physical therapist can examine the knee, confirm what is going on and suggest a plan that suits you.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "it-band-syndrome",
        "name": "IT band syndrome",
        "summary": "Pain on the outer side of the knee where the iliotibial band crosses it, common in runners and cyclists. It often starts at the same point in each run and is worse downhill.",
        "prior": 0.07,
        "body_areas": ["knee", "hip-thigh"],
        "symptoms": {
            "knee-outer-pain": 0.85,
            "pain-worse-with-activity": 0.8,
            "gradual-onset": 0.7,
            "knee-pain-predictable-point-run": 0.65,
            "knee-pain-downhill": 0.65,
            "outer-thigh-tight": 0.6,
            "knee-pain-stairs": 0.25,
        },
        "treatments": [
            ("rest", "immediate", 0.7, "Cutting back on running, especially downhill, lets the outer knee calm down."),
            ("cold-therapy", "immediate", 0.6, "Cold on the outer knee after activity can ease soreness."),
            (
                "massage",
                "immediate",
                0.5,
                "Gentle rolling of the outer thigh muscles, rather than the sore spot itself, may ease tension.",
            ),
            (
                "support",
                "immediate",
                0.4,
                "Some runners find a strap above the outer knee makes longer runs more comfortable.",
            ),
            (
                "strengthening",
                "long_term",
                0.9,
                "Stronger hip muscles help keep the knee in line and take strain off the outer knee.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.8,
                "A physical therapist can look at your running and hip control and set exercises to match.",
            ),
            ("stretching", "long_term", 0.7, "Stretching the hips and thighs can help the outer leg feel less tight."),
            (
                "massage",
                "long_term",
                0.6,
                "Regular rolling of the thigh and buttock muscles may help you stay loose between runs.",
            ),
        ],
        "curations": [
            (
                "massage-roller-stick",
                "pin",
                0.0,
                "long_term",
                "Lets you control the pressure on the outer thigh, which many people find too intense on a floor roller.",
            ),
            (
                "it-band-strap",
                "boost",
                0.3,
                "immediate",
                "Some runners find it takes the edge off outer-knee discomfort on longer runs.",
            ),
            (
                "open-patella-knee-brace",
                "exclude",
                0.0,
                "",
                "Staff note: a kneecap brace does not target the outer knee, so we leave it out for IT band pain.",
            ),
        ],
        "guide": {
            "title": "IT band syndrome",
            "slug": "it-band-syndrome",
            "seo_title": "IT band syndrome: outer knee pain explained",
            "seo_description": "Outer knee pain that starts partway through a run? Learn about IT band syndrome, what eases it now and how to keep it away.",
            "overview": """The iliotibial (IT) band is a long, tough strip of tissue that runs down the outside of the thigh from the hip to just below the knee. IT band syndrome is irritation where the band passes over the outer side of the knee.

It is a leading cause of outer knee pain in runners, and it also affects cyclists, hikers and rowers. It is an overuse problem rather than an injury from a single moment.

With a spell of reduced running and some work on hip strength, most people are back to their usual activity within weeks to a few months.""",
            "causes": """IT band syndrome usually follows a change in how much, or how, you train. Common contributors include:

- **A quick rise in mileage** or adding long runs before the body is ready.
- **Downhill running** and running on sloping road edges, which increase the strain on the outer knee.
- **Hip muscle weakness**, particularly of the muscles on the side of the hip, which lets the knee drift inwards as you land.
- **Repetitive bending** at a particular knee angle, as in cycling with a poorly set-up saddle.

Shoes, running surface and running style can play a part too, which is why a look at your whole routine is often helpful.""",
            "symptoms": """The pain is felt on the outer side of the knee, sometimes spreading up the outer thigh.

Typical features:

- a sharp or burning ache on the outside of the knee
- pain that starts at a fairly predictable point in a run, such as after a certain distance, and builds if you carry on
- pain that is worse running downhill or going down stairs
- a tight or tender band along the outside of the thigh
- discomfort that eases soon after stopping, only to return on the next run

The knee usually looks normal, without much swelling.""",
            "immediate_relief": """In the first days, the aim is to settle the outer knee while staying active.

- **Run less, or differently.** Shorten runs to below the distance where pain starts, and avoid hills and sloping roads for now. Swimming may be a comfortable alternative.
- **Cool the sore spot.** A cold pack for 10 to 15 minutes after activity can ease discomfort.
- **Roll the muscles, not the sore spot.** Gentle rolling of the outer thigh and buttock muscles may ease tension; pressing hard on the painful spot at the knee is rarely helpful.

[[product:it-band-strap]]

Some runners find a strap worn above the outer knee makes runs more comfortable while things settle.""",
            "long_term_healing": """Keeping IT band pain away mostly comes down to hip strength and a gradual return to running.

**Strengthening.** Exercises such as side-lying leg lifts, clamshells and side steps with a loop band work the hip muscles that keep the knee in line as you land. Two or three sessions a week is a good start.

[[product:resistance-loop-set]]

**Stretching and rolling.** Stretching the hips and thighs and rolling the surrounding muscles may help the outer leg feel less tight.

**Physical therapy.** If the pain keeps returning, a physical therapist can look at your running, hip control and training plan, and build a return-to-running programme with you.

Build your distance back up gradually and reintroduce hills last.""",
            "when_to_see_doctor": """IT band syndrome is rarely serious, but please get advice if you notice:

- severe pain, or pain that began with a fall, twist or blow
- swelling in the knee, or a knee that feels hot
- being unable to put weight on the leg
- the knee locking, catching or giving way
- numbness, tingling or weakness in the leg
- a fever or feeling generally unwell
- no improvement after a couple of weeks of reduced running and self-care

A doctor or physical therapist can confirm what is going on and rule out other causes of outer knee pain.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "patellar-tendinopathy",
        "name": "Patellar tendinopathy (jumper's knee)",
        "summary": "Pain in the tendon just below the kneecap, usually from jumping and landing sports. The tendon is often stiff at the start of activity and responds well to gradual strengthening.",
        "prior": 0.06,
        "body_areas": ["knee"],
        "symptoms": {
            "knee-below-kneecap-pain": 0.85,
            "knee-pain-jumping": 0.8,
            "pain-worse-with-activity": 0.75,
            "knee-tendon-tender-spot": 0.7,
            "stiffness-after-rest": 0.65,
            "knee-pain-kneel-squat": 0.35,
            "knee-front-dull-ache": 0.3,
            "knee-pain-stairs": 0.3,
        },
        "treatments": [
            (
                "rest",
                "immediate",
                0.8,
                "Cutting back on jumping lets the tendon calm down without stopping all activity.",
            ),
            ("support", "immediate", 0.6, "A strap below the kneecap may ease the load on the tendon during sport."),
            ("cold-therapy", "immediate", 0.5, "Cold after activity can take the edge off tendon soreness."),
            (
                "strengthening",
                "long_term",
                1.0,
                "Slow, gradually heavier leg exercises are the mainstay of helping a tendon recover.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.9,
                "A physical therapist can set and progress a loading plan that matches your sport.",
            ),
            (
                "stretching",
                "long_term",
                0.5,
                "Stretching the thigh and calf muscles may help the knee move more freely.",
            ),
            ("massage", "long_term", 0.4, "Rolling the thigh muscles may ease tightness around the knee."),
        ],
        "curations": [
            (
                "patella-strap",
                "pin",
                0.0,
                "immediate",
                "Sits just below the kneecap and may ease the load on the tendon during sport.",
            ),
            (
                "resistance-loop-set",
                "boost",
                0.2,
                "long_term",
                "Handy for the gradual hip and thigh strengthening that tendon recovery relies on.",
            ),
        ],
        "guide": {
            "title": "Patellar tendinopathy (jumper's knee)",
            "slug": "patellar-tendinopathy",
            "seo_title": "Jumper's knee: pain below the kneecap explained",
            "seo_description": "Pain just below the kneecap when you jump or land? Learn about patellar tendinopathy, what eases it and how tendons recover.",
            "overview": """The patellar tendon joins the bottom of the kneecap to the top of the shin bone. It helps the thigh muscles straighten the knee and works like a spring when you jump and land. Patellar tendinopathy, often called jumper's knee, is pain and irritation in this tendon when it has been asked to do more than it can comfortably handle.

It is common in basketball, volleyball, football and running, and in jobs with a lot of squatting or climbing.

Tendons tend to recover slowly, over weeks to months, but they respond well to the right kind of exercise.""",
            "causes": """The usual cause is a build-up of load on the tendon, especially from spring-like movements. Contributors include:

- **A rise in jumping or sprinting**, such as a new season, extra training sessions or a change of sport.
- **Hard surfaces** and frequent changes of direction.
- **Tight or weak thigh and calf muscles**, which leave more of the work to the tendon.
- **Too little recovery time** between demanding sessions.

Complete rest is not the answer on its own: tendons become less able to cope with load when they are not used, which is why a gradual return matters.""",
            "symptoms": """The pain sits just below the kneecap, at the top of the tendon.

Typical features:

- pain when jumping, landing or sprinting
- a tender spot on the tendon that you can press with a finger
- stiffness or soreness at the start of activity that may ease once you are warm, then return afterwards or the next morning
- discomfort with deep squats, kneeling, or going up and down stairs
- in longer-standing cases, pain when sitting for a long time with the knee bent

The knee itself usually looks normal.""",
            "immediate_relief": """Early on, the aim is to bring the tendon's workload down to a level it can tolerate.

- **Reduce jumping and sprinting** rather than stopping everything. Cycling and swimming are often comfortable ways to stay fit.
- **Try simple holds.** Holding a gentle wall sit or a straight-leg push against resistance for 30 to 45 seconds can ease tendon pain for some people.
- **Use cold for soreness.** A cold pack for 10 to 15 minutes after activity may take the edge off.
- **Consider a strap.** A band worn just below the kneecap may make sport more comfortable for some people.

[[product:patella-strap]]""",
            "long_term_healing": """Tendons adapt to load that is increased slowly and steadily. A typical plan moves through stages:

1. **Holds** to settle pain, such as wall sits.
2. **Slow, heavier exercises**, such as leg presses and split squats, done with a steady rhythm.
3. **Faster, springier work**, such as hops and skipping, once the earlier stages are comfortable.
4. **A gradual return to full sport.**

This usually takes at least three months. Mild discomfort during exercise that settles within a day is generally acceptable.

[[product:resistance-loop-set]]

**Physical therapy** is particularly helpful here: a physical therapist can judge when to move from one stage to the next. Stretching the thighs and calves, and rolling the thigh muscles, may help the knee feel freer along the way.""",
            "when_to_see_doctor": """Please get professional advice if you notice:

- sudden, severe pain below the kneecap, especially with a pop or a gap you can feel in the tendon
- being unable to straighten the knee or put weight on the leg
- marked swelling, or a knee that feels hot or red
- the knee locking or giving way
- numbness, tingling or weakness in the leg
- a fever or feeling generally unwell
- no improvement after a couple of weeks of reduced load and self-care

A doctor or physical therapist can confirm what is going on and guide a loading programme that suits your sport.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    # ------------------------------------------------------------ foot and lower leg
    {
        "slug": "plantar-fasciitis",
        "name": "Plantar fasciitis",
        "summary": "Pain under the heel from the thick band of tissue along the sole. It is typically worst with the first steps in the morning or after resting, and usually improves with stretching and support.",
        "prior": 0.12,
        "body_areas": ["foot-ankle"],
        "symptoms": {
            "heel-underside-pain": 0.9,
            "first-steps-morning-pain": 0.85,
            "gradual-onset": 0.75,
            "stiffness-after-rest": 0.6,
            "pain-worse-with-activity": 0.55,
            "calf-tightness": 0.4,
        },
        "treatments": [
            (
                "support",
                "immediate",
                0.7,
                "Cushioned heel cups or supportive insoles can take some pressure off the heel.",
            ),
            (
                "cold-therapy",
                "immediate",
                0.6,
                "Rolling the sole over something cold may ease heel pain after a long day.",
            ),
            ("massage", "immediate", 0.6, "Gently rolling the arch of the foot can ease tightness in the sole."),
            ("rest", "immediate", 0.5, "Cutting back on long standing and running gives the heel time to settle."),
            (
                "stretching",
                "long_term",
                0.9,
                "Regular calf and sole stretches are among the most helpful things you can do.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.7,
                "A physical therapist can tailor stretches and strengthening and check your footwear.",
            ),
            ("support", "long_term", 0.6, "Arch support and a night splint can keep the sole from tightening up."),
            (
                "strengthening",
                "long_term",
                0.6,
                "Strengthening the foot and calf helps them share the load with the sole.",
            ),
        ],
        "curations": [
            (
                "night-splint-plantar",
                "pin",
                0.0,
                "long_term",
                "Keeps the sole gently stretched overnight, so the first steps of the morning may feel easier.",
            ),
            (
                "calf-rocker-stretcher",
                "pin",
                0.0,
                "long_term",
                "A simple, repeatable calf and sole stretch you can do while the kettle boils.",
            ),
            (
                "foot-massage-roller",
                "boost",
                0.2,
                "immediate",
                "An easy way to knead the arch of the foot while you sit.",
            ),
        ],
        "guide": {
            "title": "Plantar fasciitis",
            "slug": "plantar-fasciitis",
            "seo_title": "Plantar fasciitis: heel pain relief and recovery",
            "seo_description": "Heel pain that is worst with your first steps in the morning? Learn about plantar fasciitis, what eases it and what helps it heal.",
            "overview": """The plantar fascia is a thick band of tissue that runs along the sole of the foot from the heel to the toes and helps support the arch. Plantar fasciitis is pain where this band attaches to the heel bone, usually because it has been overloaded.

It is a very common cause of heel pain in adults, particularly between the ages of about 40 and 60, and in runners and people who spend long hours on their feet.

It can be slow to settle, often taking several months, but the large majority of people improve with simple measures.""",
            "causes": """Plantar fasciitis usually comes from a mix of load on the sole and tight or weak supporting muscles. Common contributors include:

- **Long hours standing or walking**, especially on hard floors.
- **A sudden increase in running** or walking distance.
- **Tight calf muscles**, which pull on the heel and increase the strain on the sole.
- **Unsupportive or worn-out shoes**, or walking barefoot on hard surfaces.
- **Extra body weight**, which adds load with every step.

Often there is no single cause, and several small factors add up.""",
            "symptoms": """The pain is usually felt under the heel, sometimes spreading along the arch.

Typical features:

- heel pain that is worst with the first steps out of bed in the morning
- pain when you stand up after sitting or resting for a while
- discomfort that eases as you walk about, then builds again after long periods on your feet
- a tender spot under the front of the heel
- tight calves

It usually comes on gradually, and the foot rarely looks swollen or bruised.""",
            "immediate_relief": """A few simple habits can ease heel pain day to day.

- **Stretch before you stand.** A gentle calf and sole stretch before getting out of bed can make those first steps more comfortable.
- **Cushion the heel.** Supportive shoes and soft heel cups take some pressure off; try not to walk barefoot on hard floors.
- **Roll the sole.** Rolling the arch over a massage ball or something cold for a few minutes may ease tightness and soreness.
- **Ease off.** Cut down on long walks, standing and running while the heel settles.

[[product:heel-cups-gel]]""",
            "long_term_healing": """Steady, regular care over weeks is what most often helps plantar fasciitis heal.

**Stretching.** Calf and sole stretches done two or three times a day are among the most helpful things you can do. A rocker or slant board keeps the stretch gentle and consistent.

[[product:calf-rocker-stretcher]]

**Support.** Arch-support insoles can help during the day, and a night splint keeps the sole gently stretched overnight so it is less tight in the morning.

[[product:night-splint-plantar]]

**Strengthening.** Exercises such as calf raises and picking up a towel with the toes help the foot and calf share the load.

**Physical therapy.** If progress stalls, a physical therapist can tailor your exercises, check your footwear and suggest other options.""",
            "when_to_see_doctor": """Heel pain is usually not serious, but please get advice if you notice:

- severe pain, or pain that started with a fall, jump or injury
- swelling, bruising, or a heel that feels hot or red
- being unable to put weight on the foot
- numbness, tingling or burning in the foot
- a fever or feeling generally unwell
- pain at night or at rest that does not ease
- no improvement after a couple of weeks of self-care, or no clear progress after a few months

A doctor or physical therapist can confirm what is going on and suggest next steps if simple measures are not enough.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "achilles-tendinopathy",
        "name": "Achilles tendinopathy",
        "summary": "Pain and stiffness in the tendon at the back of the heel, often worst first thing in the morning. It usually follows a rise in running or hills and responds to gradual calf strengthening.",
        "prior": 0.06,
        "body_areas": ["foot-ankle", "lower-leg"],
        "symptoms": {
            "back-heel-pain": 0.9,
            "stiffness-after-rest": 0.75,
            "pain-worse-with-activity": 0.75,
            "gradual-onset": 0.75,
            "calf-tightness": 0.5,
            "achilles-thickening": 0.45,
            "calf-pain-tiptoe": 0.4,
            "first-steps-morning-pain": 0.35,
        },
        "treatments": [
            (
                "rest",
                "immediate",
                0.7,
                "Cutting back on running and hills, without stopping completely, lets the tendon settle.",
            ),
            ("cold-therapy", "immediate", 0.5, "Cold after activity can ease tendon soreness."),
            (
                "support",
                "immediate",
                0.4,
                "Cushioned heel cups may take a little strain off the tendon during the day.",
            ),
            ("massage", "immediate", 0.3, "Gentle rolling of the calf muscles may ease tightness above the tendon."),
            (
                "strengthening",
                "long_term",
                1.0,
                "Gradually heavier calf raises are the mainstay of helping the tendon recover.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.9,
                "A physical therapist can set and progress a calf-loading plan for you.",
            ),
            ("stretching", "long_term", 0.5, "Gentle calf stretching may help once the tendon has settled."),
            ("massage", "long_term", 0.4, "Rolling the calves may help them feel looser between sessions."),
        ],
        "curations": [
            (
                "slant-board",
                "boost",
                0.2,
                "long_term",
                "Lets you set a steady, gentle angle for calf work and change it as you improve.",
            ),
        ],
        "guide": {
            "title": "Achilles tendinopathy",
            "slug": "achilles-tendinopathy",
            "seo_title": "Achilles tendinopathy: heel and tendon pain explained",
            "seo_description": "Stiffness and pain at the back of the heel? Learn about Achilles tendinopathy, what eases it and how the tendon recovers.",
            "overview": """The Achilles tendon is the thick cord at the back of the ankle that joins the calf muscles to the heel bone. It takes large forces every time you walk, run or jump. Achilles tendinopathy is pain and stiffness in this tendon when it has been overloaded.

It is common in runners, particularly from middle age, and in sports with a lot of jumping or sprinting. It can affect the middle of the tendon or the point where it attaches to the heel.

Tendons recover slowly, often over three to six months, but most people do well with a steady, patient exercise plan.""",
            "causes": """Achilles tendinopathy usually follows a change that asks more of the tendon than it is ready for. Common contributors include:

- **A sudden rise in running**, hill work or speed sessions.
- **Tight or weak calf muscles**, which leave more of the work to the tendon.
- **A change of footwear**, such as moving to flatter shoes.
- **Age**, as tendons become less able to bounce back from heavy load.

Occasionally some medicines, including a group of antibiotics, make tendon problems more likely. If tendon pain began soon after starting a new medicine, mention it to your pharmacist or doctor.""",
            "symptoms": """The pain is felt along the tendon above the heel, or at the back of the heel itself.

Typical features:

- pain and stiffness in the tendon first thing in the morning or after sitting
- discomfort that eases as you warm up, then returns after activity
- a tendon that feels thickened or lumpy, or is sore to squeeze
- pain when rising up onto tiptoe or going uphill
- tight calves

It usually comes on gradually over weeks.""",
            "immediate_relief": """Early on, the aim is to lower the tendon's workload without stopping activity altogether.

- **Ease off running and hills.** Walking, cycling or swimming may be more comfortable for a while.
- **Cool it after activity.** A wrapped cold pack for 10 to 15 minutes may ease soreness.
- **Cushion the heel.** Soft heel cups in everyday shoes may take a little strain off the tendon.
- **Go gently with stretching.** Strong stretches can irritate a sore tendon, particularly where it joins the heel, so keep them mild for now.

[[product:reusable-cold-pack]]""",
            "long_term_healing": """Tendons adapt to load that is increased slowly and steadily, so exercise is at the heart of recovery.

**Strengthening.** Calf raises, first on both legs and then on one, later with added weight or off the edge of a step, help the tendon become stronger. Doing them most days over several months is typical. Mild discomfort that settles within a day is generally acceptable.

[[product:slant-board]]

**Physical therapy.** A physical therapist can set the right starting point, tell you when to progress, and plan your return to running.

**Stretching and massage.** Once the tendon has settled, gentle calf stretches and rolling the calf muscles may help them feel looser. Return to running gradually, and bring back hills and speed work last.""",
            "when_to_see_doctor": """Please get professional advice if you notice:

- a sudden snap or the feeling of being kicked at the back of the heel, especially if it becomes hard to walk or rise onto tiptoe; please seek urgent care for this
- severe pain or marked swelling
- being unable to put weight on the leg
- redness, heat, or a fever or feeling generally unwell
- numbness, tingling or weakness in the foot or leg
- no improvement after a couple of weeks of easing off and self-care

A doctor or physical therapist can confirm what is going on and set up a recovery plan with you.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "shin-splints",
        "name": "Shin splints",
        "summary": "An ache along the inner edge of the shin bone, usually during or after running. It is common after a jump in training and generally settles with rest and a gradual return.",
        "prior": 0.07,
        "body_areas": ["lower-leg"],
        "symptoms": {
            "inner-shin-ache": 0.85,
            "pain-worse-with-activity": 0.85,
            "shin-bone-tender": 0.75,
            "gradual-onset": 0.75,
            "calf-tightness": 0.35,
        },
        "treatments": [
            (
                "rest",
                "immediate",
                0.9,
                "A break from running and jumping is the most important step while the shin settles.",
            ),
            ("cold-therapy", "immediate", 0.7, "Cold or ice massage along the shin after activity can ease soreness."),
            ("massage", "immediate", 0.4, "Gentle rolling of the calf muscles, not the bone, may ease tightness."),
            ("support", "immediate", 0.4, "Supportive insoles may make walking more comfortable while you recover."),
            ("strengthening", "long_term", 0.7, "Stronger calf, foot and hip muscles help the leg absorb impact."),
            (
                "physical-therapy",
                "long_term",
                0.7,
                "A physical therapist can look at your running and plan a gradual return.",
            ),
            ("stretching", "long_term", 0.6, "Regular calf stretching may ease the pull on the shin."),
            ("support", "long_term", 0.5, "Well-fitted insoles can help if your arches roll in a lot as you run."),
        ],
        "curations": [
            (
                "ice-massage-cup",
                "boost",
                0.3,
                "immediate",
                "Makes it easy to cool and gently massage along the shin after a run, without cold fingers.",
            ),
        ],
        "guide": {
            "title": "Shin splints",
            "slug": "shin-splints",
            "seo_title": "Shin splints: causes, relief and a safe return to running",
            "seo_description": "An ache along the inner shin when you run? Learn what shin splints are, what eases them and how to return to running safely.",
            "overview": """Shin splints, known medically as medial tibial stress syndrome, is an ache along the inner edge of the shin bone. It comes from repeated stress on the bone and the tissues attached to it, usually from running or jumping.

It is very common in new runners, people returning to sport, dancers and military recruits, and often affects both legs.

With a spell of reduced impact and a gradual return, most people recover within a few weeks.""",
            "causes": """Shin splints usually appears when the legs are asked to absorb more impact than they are used to. Common contributors include:

- **Doing too much too soon**, such as a sudden rise in distance, frequency or speed.
- **Hard or uneven surfaces**, or lots of running on roads.
- **Worn-out or unsupportive shoes.**
- **Flat feet or arches that roll in a lot**, which can increase the strain on the inner shin.
- **Tight or weak calf muscles.**

It is often a sign that the body needs a little more time to adapt to training.""",
            "symptoms": """The ache is felt along the inner edge of the shin, usually over a stretch of several centimetres rather than one spot.

Typical features:

- a dull ache during or after running or jumping
- tenderness when you press along the inner edge of the shin bone
- pain that may ease as you warm up at first, then lasts longer as the problem goes on
- sometimes mild swelling along the shin

Pain that is sharp and focused on one small spot, or that continues at rest or at night, can point to a stress fracture and should be checked.""",
            "immediate_relief": """The most useful first step is to give the shins a break from impact.

- **Rest from running and jumping** for a couple of weeks. Swimming, cycling or water running can keep you fit in the meantime.
- **Cool the shin.** Ice massage or a wrapped cold pack for 10 to 15 minutes after activity may ease soreness.
- **Look after your feet.** Supportive shoes, and insoles if your arches roll in, may make walking more comfortable.
- **Roll the calves gently**, avoiding pressure on the sore bone itself.

[[product:ice-massage-cup]]""",
            "long_term_healing": """Getting back to running safely is about building up gradually and helping the legs absorb impact.

**A gradual return.** Once you can walk briskly and hop without pain, start with short, easy runs on soft, flat ground and add a little more each week.

**Strengthening.** Calf raises, foot exercises and hip strengthening help the legs cope with impact.

**Stretching.** Regular calf stretches may ease tightness that pulls on the shin.

[[product:calf-rocker-stretcher]]

**Footwear and support.** Replace worn shoes, and consider insoles if your arches roll in a lot.

**Physical therapy.** If the pain keeps returning, a physical therapist can look at your running and training plan.""",
            "when_to_see_doctor": """Please get professional advice if you notice:

- sharp pain focused on one small spot of the bone, which can be a sign of a stress fracture
- pain at night or at rest that does not ease
- marked swelling, or a shin that is hot or red
- being unable to put weight on the leg
- numbness, tingling, coldness or weakness in the foot
- a tight, swollen, very painful calf or shin during exercise that does not ease quickly when you stop; please seek urgent care for this
- no improvement after a couple of weeks of rest from running

A doctor or physical therapist can confirm what is going on and rule out other causes of shin pain.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "calf-strain",
        "name": "Calf strain",
        "summary": "A tear of some calf muscle fibres, usually felt as a sudden pull or kick during activity. It is often tender on tiptoe and sometimes bruised, and usually heals over a few weeks.",
        "prior": 0.05,
        "body_areas": ["lower-leg"],
        "symptoms": {
            "calf-sudden-pull": 0.85,
            "sudden-onset": 0.85,
            "calf-muscle-pain": 0.85,
            "calf-pain-tiptoe": 0.75,
            "calf-tightness": 0.5,
            "calf-bruising": 0.35,
        },
        "treatments": [
            (
                "rest",
                "immediate",
                0.9,
                "Protecting the calf for the first few days gives the muscle the best start to healing.",
            ),
            ("cold-therapy", "immediate", 0.8, "Short spells of cold in the first days can ease pain and swelling."),
            ("support", "immediate", 0.4, "Supportive footwear may make walking more comfortable early on."),
            (
                "strengthening",
                "long_term",
                0.8,
                "Gradually building up calf raises helps the muscle regain its strength.",
            ),
            (
                "stretching",
                "long_term",
                0.7,
                "Gentle stretching, once walking is comfortable, helps the calf regain its length.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.7,
                "A physical therapist can guide a safe return to running and sport.",
            ),
            (
                "massage",
                "long_term",
                0.6,
                "Once the first week has passed, gentle massage may ease leftover tightness.",
            ),
        ],
        "curations": [
            (
                "reusable-cold-pack",
                "pin",
                0.0,
                "immediate",
                "Flexible enough to mould around the calf in the first days after a strain.",
            ),
            (
                "electric-heat-pad",
                "exclude",
                0.0,
                "",
                "Staff note: heat is best avoided in the first days after a strain; start with cold instead.",
            ),
            (
                "microwave-heat-wrap",
                "exclude",
                0.0,
                "",
                "Staff note: heat is best avoided in the first days after a strain; start with cold instead.",
            ),
        ],
        "guide": {
            "title": "Calf strain",
            "slug": "calf-strain",
            "seo_title": "Calf strain: first aid, recovery and return to sport",
            "seo_description": "A sudden pull in the calf during sport? Learn what a calf strain is, what to do in the first days and how to recover well.",
            "overview": """A calf strain, sometimes called a pulled calf, is a tear of some of the fibres in the calf muscles at the back of the lower leg. Most strains are small and heal well with sensible care.

It typically happens during a sudden push-off, such as sprinting, lunging for a ball or jumping, and is common in racket sports, football and running, particularly from middle age.

Mild strains often settle in two to three weeks; larger ones can take six weeks or more.""",
            "causes": """A calf strain happens when the muscle is stretched or made to work harder than it can manage in that moment. Common contributors include:

- **Sudden bursts of speed** or changes of direction.
- **Not warming up**, or playing when tired.
- **Tight or weak calves**, or a previous calf strain.
- **A rise in training**, or a return to sport after a break.

It is more common as we get older, as muscles become a little less elastic.""",
            "symptoms": """A calf strain usually starts in one clear moment.

Typical features:

- a sudden pull, twinge or sharp pain in the calf, sometimes described as feeling as if you had been kicked
- pain in the bulk of the calf muscle
- pain or weakness when rising up onto tiptoe
- tightness in the calf and a limp
- bruising or swelling that may appear a day or two later, sometimes tracking down towards the ankle

Calf pain and swelling that came on without an injury is different and needs prompt medical advice.""",
            "immediate_relief": """In the first two or three days, the aim is to protect the muscle and keep swelling down.

- **Protect and rest it.** Avoid running and stretching, and walk only as far as is comfortable.
- **Use cold.** A wrapped cold pack for 15 to 20 minutes every few hours may ease pain and swelling.
- **Raise the leg** when sitting, and a compression bandage may help with swelling.
- **Skip heat and massage for now.** In the first few days they can increase bleeding and swelling in the muscle.

[[product:reusable-cold-pack]]""",
            "long_term_healing": """After the first few days, gentle, steadily increasing movement helps the muscle heal well.

**Walking and gentle movement.** Build up walking as comfort allows, then add ankle circles and heel raises on both legs.

**Strengthening.** Progress to single-leg calf raises and, later, hopping and jogging. Moving on once each stage feels easy helps avoid a repeat strain.

[[product:mini-band-light]]

**Stretching and massage.** Once walking is comfortable, gentle calf stretches and light massage may ease leftover tightness.

**Physical therapy.** A physical therapist can check your progress and guide your return to running and sport, which is when strains most often recur.""",
            "when_to_see_doctor": """Please get professional advice if you notice:

- a snap or a kick-like feeling at the back of the heel, or being unable to rise onto tiptoe at all; please seek urgent care for this
- being unable to put weight on the leg
- severe pain or rapidly increasing swelling
- a calf that is swollen, warm, red or tender without a clear injury, especially after a long journey, surgery or time in bed; please seek urgent care for this
- numbness, tingling or weakness in the foot
- a fever or feeling generally unwell
- no improvement after a couple of weeks

A doctor or physical therapist can confirm what is going on and how large the strain is, and plan your recovery with you.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    # ---------------------------------------------------------------- hip and thigh
    {
        "slug": "hamstring-tightness",
        "name": "Hamstring tightness",
        "summary": "A pulling, tight feeling at the back of the thigh that makes bending forward or reaching your toes hard. Often linked to long sitting or sport, and usually eased by regular stretching.",
        "prior": 0.08,
        "body_areas": ["hip-thigh"],
        "symptoms": {
            "back-thigh-tight": 0.9,
            "cant-reach-toes": 0.8,
            "gradual-onset": 0.7,
            "stiffness-after-rest": 0.5,
            "worse-long-sitting": 0.35,
            "low-back-ache": 0.3,
        },
        "treatments": [
            (
                "stretching",
                "immediate",
                0.8,
                "Gentle, held stretches ease the pulling feeling at the back of the thigh.",
            ),
            ("massage", "immediate", 0.7, "Rolling the back of the thigh may help the muscles relax."),
            ("heat", "immediate", 0.5, "Warmth before stretching can help tight muscles let go."),
            (
                "stretching",
                "long_term",
                1.0,
                "Stretching most days is the most reliable way to improve hamstring flexibility.",
            ),
            ("strengthening", "long_term", 0.7, "Strong hamstrings and hips cope better with sport and long days."),
            ("massage", "long_term", 0.5, "Regular rolling may help you keep the gains from stretching."),
            (
                "physical-therapy",
                "long_term",
                0.5,
                "A physical therapist can check whether the tightness comes from the muscle or elsewhere.",
            ),
        ],
        "curations": [
            (
                "loop-stretch-strap-long",
                "pin",
                0.0,
                "long_term",
                "The longer cut helps when tight hamstrings mean you cannot reach your feet yet.",
            ),
        ],
        "guide": {
            "title": "Hamstring tightness",
            "slug": "hamstring-tightness",
            "seo_title": "Tight hamstrings: why they happen and how to loosen them",
            "seo_description": "Struggling to touch your toes, or feeling a pull behind the thigh? Learn why hamstrings get tight and how to ease them safely.",
            "overview": """The hamstrings are three muscles at the back of the thigh that bend the knee and help straighten the hip. When they feel tight, bending forward, reaching your toes or kicking can bring on a pulling feeling behind the thigh.

Tight hamstrings are very common, both in people who sit for long hours and in those who run or play sport. Tightness on its own is not an injury, although it can be uncomfortable and limiting.

Regular, gentle stretching and strengthening usually make a noticeable difference within a few weeks.""",
            "causes": """Hamstring tightness usually comes from how we use, or do not use, the muscles. Common contributors include:

- **Long hours of sitting**, which keep the hamstrings in a shortened position.
- **Running and sport** without regular stretching or recovery.
- **Weakness** in the hamstrings or buttock muscles.
- **A previous hamstring strain**, which can leave the muscle feeling tight.

Sometimes a feeling of tightness behind the thigh comes from an irritated nerve in the lower back rather than the muscle itself, especially if it comes with tingling or numbness.""",
            "symptoms": """Tight hamstrings tend to show up in everyday movements.

Typical features:

- a pulling or tight feeling at the back of the thigh
- difficulty reaching your toes with straight legs
- stiffness after sitting or first thing in the morning
- a shorter stride when running
- sometimes an ache in the lower back, as the back bends more to make up for stiff hips

Tightness usually builds gradually rather than starting in one moment.""",
            "immediate_relief": """Gentle warmth, movement and stretching usually bring quick relief.

- **Warm up first.** A short walk or some warmth on the back of the thigh helps the muscles relax before you stretch.
- **Stretch gently.** Lie on your back and raise one straight leg with a strap around the foot. Hold for 20 to 30 seconds without bouncing, and feel a stretch, not pain.
- **Roll the back of the thigh** with a roller stick or foam roller for a minute or two.
- **Take breaks from sitting** every half hour or so.

[[product:massage-roller-stick]]""",
            "long_term_healing": """Lasting flexibility comes from little and often, rather than occasional long sessions.

**Stretching.** Stretching most days, holding each stretch for about 30 seconds, is the most reliable way to improve hamstring flexibility. A strap lets you ease into the stretch while keeping your back relaxed.

[[product:loop-stretch-strap-long]]

**Strengthening.** Bridges, hip hinges and, later, slow hamstring curls help the muscles cope with sport and long days.

**Physical therapy.** If tightness does not improve, or comes with back pain or tingling, a physical therapist can check whether the muscle or a nerve is the source.""",
            "when_to_see_doctor": """Tight hamstrings rarely need a doctor, but please get advice if you notice:

- a sudden sharp pain, pop or bruising at the back of the thigh, which can mean a strain
- severe pain, or being unable to walk normally or put weight on the leg
- numbness, tingling or weakness in the leg, or pain that runs from the back down the leg
- swelling, heat or redness in the thigh
- a fever or feeling generally unwell
- no improvement after a couple of weeks of regular stretching

A doctor or physical therapist can confirm what is going on and whether a nerve or an injury is involved.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    # ------------------------------------------------------------------ back and neck
    {
        "slug": "lower-back-pain",
        "name": "Lower back pain",
        "summary": "An ache and stiffness across the lower back, usually from the muscles and joints rather than anything serious. Most episodes ease within a few weeks, and staying gently active helps.",
        "prior": 0.15,
        "body_areas": ["lower-back"],
        "symptoms": {
            "low-back-ache": 0.9,
            "back-pain-bending-lifting": 0.7,
            "stiffness-after-rest": 0.65,
            "worse-long-sitting": 0.55,
            "gradual-onset": 0.5,
            "sudden-onset": 0.4,
            "pain-into-buttock-thigh": 0.3,
            "pain-below-knee": 0.1,
        },
        "treatments": [
            ("heat", "immediate", 0.8, "Warmth often eases the stiffness and muscle spasm of a sore lower back."),
            ("massage", "immediate", 0.5, "Gentle pressure on tight back and buttock muscles may ease spasm."),
            (
                "support",
                "immediate",
                0.4,
                "A back belt may make a long day more comfortable, used for a short while only.",
            ),
            (
                "cold-therapy",
                "immediate",
                0.4,
                "Some people find cold more soothing than heat in the first day or two.",
            ),
            ("rest", "immediate", 0.3, "Easing off heavy lifting helps, but gentle movement usually beats bed rest."),
            (
                "strengthening",
                "long_term",
                0.9,
                "Regular exercise that strengthens the back, hips and trunk helps keep pain away.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.8,
                "A physical therapist can build an exercise plan and help you regain confidence moving.",
            ),
            ("stretching", "long_term", 0.7, "Stretching the hips, hamstrings and back can ease stiffness."),
            ("massage", "long_term", 0.5, "Regular rolling may help the back and buttock muscles stay loose."),
        ],
        "curations": [
            (
                "microwave-heat-wrap",
                "pin",
                0.0,
                "immediate",
                "Soft, even warmth that many people find soothing when the lower back is stiff.",
            ),
            (
                "peanut-massage-ball",
                "boost",
                0.2,
                "long_term",
                "The groove sits over the spine, so the balls reach the muscles either side.",
            ),
        ],
        "guide": {
            "title": "Lower back pain",
            "slug": "lower-back-pain",
            "seo_title": "Lower back pain: easing it now and keeping it away",
            "seo_description": "An aching, stiff lower back? Learn the common causes, what eases it in the first days, and the habits that help keep it away.",
            "overview": """Lower back pain is something most adults experience at some point. In most cases it comes from the muscles, ligaments and joints of the back rather than from anything serious, and doctors often call this non-specific back pain.

It can be very uncomfortable, and a bad flare can be worrying, but most episodes improve a good deal within a few weeks.

Staying gently active, rather than resting in bed, is one of the most helpful things you can do.""",
            "causes": """Often there is no single clear cause. Common contributors include:

- **Lifting, bending or twisting awkwardly**, or a sudden movement.
- **Long hours of sitting**, or staying in one position for too long.
- **Low activity levels**, and weak or stiff back, hip and trunk muscles.
- **Stress, tiredness and poor sleep**, which can make pain feel worse and last longer.
- **Tight hamstrings and hips**, which can put extra strain on the back.

Knowing your own triggers helps you plan what to change.""",
            "symptoms": """Typical features:

- an ache or stiffness across the lower back, sometimes more on one side
- muscles that feel tight or go into spasm
- pain that is worse bending, lifting, or after sitting for a long time
- stiffness first thing in the morning that eases as you move
- sometimes pain spreading into the buttock or the back of the thigh

Pain that runs down the leg below the knee, especially with tingling or numbness, can mean a nerve is irritated and is worth getting checked.""",
            "immediate_relief": """In the first days, the aim is to keep moving while easing the pain.

- **Stay active.** Short walks and gentle movement usually help more than bed rest. Change position often.
- **Use warmth.** A heat wrap or warm bath may ease stiffness and spasm; some people prefer cold in the first day or two.
- **Ease off heavy lifting**, but carry on with daily activities as much as you can.
- **Ask a pharmacist** about pain relief that is suitable for you.

[[product:microwave-heat-wrap]]""",
            "long_term_healing": """Regular movement and exercise are the best-supported ways to recover and to keep back pain from returning.

**Strengthening.** Exercises for the back, hips and trunk, such as bridges, bird-dogs and side planks, help the back handle daily loads. Walking, swimming and other exercise you enjoy all count.

**Stretching and massage.** Stretching the hips, hamstrings and back can ease stiffness. Gentle pressure from a massage ball or a long roller may help tight muscles relax.

[[product:peanut-massage-ball]]

**Physical therapy.** A physical therapist can assess your back, build an exercise plan and help you regain confidence in moving.

**Everyday habits.** Take breaks from sitting, keep active through the week, and look after your sleep.""",
            "when_to_see_doctor": """Please call emergency services or go to an emergency department straight away if back pain comes with:

- numbness around the groin, buttocks or inner thighs
- new difficulty passing urine or controlling your bladder or bowels
- weakness in both legs

See a doctor or physical therapist soon if you notice:

- pain after a fall or accident
- numbness, tingling or weakness in one leg, or pain running below the knee
- a fever, feeling unwell, or unexplained weight loss
- pain at night or at rest that does not ease with any position
- severe pain, or no improvement after a couple of weeks

A doctor or physical therapist can confirm what is going on and suggest the right next steps.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    {
        "slug": "neck-shoulder-tension",
        "name": "Neck and shoulder tension",
        "summary": "Tight, aching muscles across the neck and tops of the shoulders, often with tender knots. Common after long desk or screen days and eased by warmth, movement and regular stretching.",
        "prior": 0.13,
        "body_areas": ["neck-shoulder"],
        "symptoms": {
            "neck-shoulder-tight": 0.9,
            "worse-long-sitting": 0.75,
            "gradual-onset": 0.75,
            "upper-back-knots": 0.6,
            "stiffness-after-rest": 0.55,
            "tension-headache": 0.45,
        },
        "treatments": [
            ("heat", "immediate", 0.8, "Warmth on the neck and shoulders can help tight muscles relax."),
            ("massage", "immediate", 0.8, "Pressing into tender knots with a ball or hook may ease tension."),
            (
                "stretching",
                "immediate",
                0.5,
                "Gentle neck and shoulder stretches can loosen stiffness through the day.",
            ),
            ("cold-therapy", "immediate", 0.3, "Some people find a cool pack soothing after a long, tense day."),
            (
                "stretching",
                "long_term",
                0.8,
                "Regular shoulder and chest stretches can counter hours spent hunched forward.",
            ),
            (
                "strengthening",
                "long_term",
                0.7,
                "Strengthening the upper back helps you hold a comfortable posture for longer.",
            ),
            ("massage", "long_term", 0.6, "Regular self-massage may help stop knots from building up again."),
            (
                "physical-therapy",
                "long_term",
                0.6,
                "A physical therapist can look at your posture and set exercises for your routine.",
            ),
        ],
        "curations": [
            (
                "trigger-point-hook",
                "boost",
                0.2,
                "",
                "Reaches the knots between the shoulder blades that are hard to get at on your own.",
            ),
        ],
        "guide": {
            "title": "Neck and shoulder tension",
            "slug": "neck-shoulder-tension",
            "seo_title": "Neck and shoulder tension: relief for tight, knotted muscles",
            "seo_description": "Tight neck and shoulders after long days at a desk? Learn why tension builds, what eases it quickly and how to keep it away.",
            "overview": """Neck and shoulder tension is that familiar tight, aching feeling across the back of the neck and the tops of the shoulders, often with tender knots. It mostly involves the muscles that hold up the head and move the shoulder blades.

It is extremely common, especially among people who spend long hours at a desk, on a phone or driving, and it often comes and goes with busy or stressful periods.

It is rarely a sign of anything serious, and simple changes usually help.""",
            "causes": """Tension usually builds from how we hold ourselves for long periods. Common contributors include:

- **Long spells at a desk, screen or wheel**, especially with the head pushed forward.
- **Stress**, which makes many people hold their shoulders up and tense without noticing.
- **Sleeping position** or an unsuitable pillow.
- **Carrying heavy bags** on one shoulder.
- **Low activity levels**, and weak upper back muscles.

Small adjustments to these habits often make a big difference.""",
            "symptoms": """Typical features:

- tight, aching muscles across the neck and the tops of the shoulders
- tender knots, often between the shoulder blades or at the top of the shoulders
- stiffness turning or tilting the head
- discomfort that builds through the day, especially after screen work
- headaches that start at the back of the head or neck

Pain deep in the shoulder joint, especially when lifting the arm, is a different problem and worth getting checked if it persists.""",
            "immediate_relief": """A few minutes of care can ease tension quickly.

- **Use warmth.** A heat wrap around the neck and shoulders for 15 to 20 minutes can help tight muscles relax.
- **Work on knots.** Lean against a wall with a massage ball between your shoulder blade and the wall, and let it press gently into tender spots.
- **Move often.** Roll your shoulders, gently tilt and turn your head, and take a short break from the screen every half hour.

[[product:microwave-heat-wrap]]""",
            "long_term_healing": """Keeping tension away is mostly about regular movement and a comfortable set-up.

**Stretching.** Shoulder, chest and neck stretches a few times a day can counter hours spent leaning forward. A strap makes behind-the-back shoulder stretches easier.

[[product:shoulder-mobility-strap]]

**Strengthening.** Rowing movements and shoulder-blade squeezes with a band help the upper back hold a comfortable posture for longer.

**Massage.** Regular self-massage may stop knots from building up again.

**Your set-up.** Raise your screen to eye level, keep your keyboard close, and use a backpack rather than a one-shoulder bag. If tension keeps returning, a physical therapist can look at your posture and routine.""",
            "when_to_see_doctor": """Please seek urgent care straight away if neck pain or stiffness comes with a fever and headache, a rash, or sensitivity to light, or if it follows a fall or accident.

See a doctor or physical therapist if you notice:

- numbness, tingling, pins and needles or weakness in an arm or hand
- a severe or unusual headache, dizziness or problems with vision
- pain at night or at rest that does not ease
- swelling, or a joint that is hot and red
- pain that is severe or keeps getting worse, or no improvement after a couple of weeks

A doctor or physical therapist can confirm what is going on and suggest the right next steps.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
    # ---------------------------------------------------------------- elbow and wrist
    {
        "slug": "tennis-elbow",
        "name": "Tennis elbow",
        "summary": "Pain on the outer side of the elbow from overworked forearm tendons, worse gripping, lifting or twisting. It affects far more non-players than players and responds to gradual strengthening.",
        "prior": 0.06,
        "body_areas": ["elbow-wrist"],
        "symptoms": {
            "outer-elbow-pain": 0.9,
            "grip-twist-pain": 0.85,
            "gradual-onset": 0.8,
            "pain-worse-with-activity": 0.6,
            "forearm-ache": 0.5,
            "weak-grip": 0.4,
            "stiffness-after-rest": 0.4,
        },
        "treatments": [
            (
                "support",
                "immediate",
                0.8,
                "A strap on the upper forearm may ease strain on the sore spot while you grip.",
            ),
            (
                "rest",
                "immediate",
                0.7,
                "Easing off the gripping and twisting tasks that provoke it lets the tendon settle.",
            ),
            ("cold-therapy", "immediate", 0.6, "Short spells of cold can ease soreness after a busy day."),
            (
                "strengthening",
                "long_term",
                1.0,
                "Slow, gradually heavier forearm exercises are the mainstay of recovery.",
            ),
            (
                "physical-therapy",
                "long_term",
                0.8,
                "A physical therapist can set and progress forearm exercises and look at how you work.",
            ),
            ("stretching", "long_term", 0.5, "Gentle forearm stretches may ease tightness."),
            ("massage", "long_term", 0.5, "Rolling the forearm muscles may help them feel looser."),
        ],
        "curations": [
            (
                "tennis-elbow-strap",
                "pin",
                0.0,
                "immediate",
                "Worn on the upper forearm, it may ease strain on the sore spot while you grip and lift.",
            ),
            (
                "hand-grip-flex-bar",
                "boost",
                0.3,
                "long_term",
                "Our pick for the slow, controlled forearm exercises that recovery usually involves.",
            ),
        ],
        "guide": {
            "title": "Tennis elbow",
            "slug": "tennis-elbow",
            "seo_title": "Tennis elbow: outer elbow pain, relief and recovery",
            "seo_description": "Pain on the outside of the elbow when you grip or lift? Learn what tennis elbow is, what eases it and how it recovers.",
            "overview": """Tennis elbow, known medically as lateral epicondylalgia, is pain on the outer side of the elbow where the tendons of the forearm muscles attach to the bone. These muscles extend the wrist and help you grip, so repeated gripping and twisting can overload them.

Despite its name, most people with tennis elbow do not play tennis. It is common in people aged about 35 to 55 and in jobs and hobbies with a lot of gripping, lifting or repeated wrist movement.

It usually improves over months, and the right exercises can help it along.""",
            "causes": """Tennis elbow usually comes from repeating the same forearm movements more than the tendons are used to. Common contributors include:

- **Gripping and twisting tasks**, such as using tools, gardening, decorating, or lifting with the palm facing down.
- **Racket sports**, particularly with a grip that is too small or technique that strains the wrist.
- **Long hours of typing or mouse use.**
- **A sudden increase** in any of these, such as a weekend of DIY.

It is an overuse problem, so it tends to build up gradually.""",
            "symptoms": """Typical features:

- pain on the outer side of the elbow, sometimes spreading down the forearm
- pain when gripping, lifting, or twisting, such as opening a jar, turning a door handle or shaking hands
- a tender spot on the bony bump on the outside of the elbow
- a weaker grip than usual
- stiffness in the elbow first thing in the morning

Pain on the inner side of the elbow is a different problem, sometimes called golfer's elbow.""",
            "immediate_relief": """The aim at first is to calm the tendon while keeping the arm moving.

- **Change how you grip and lift.** Lift with your palm facing up, use both hands, and take breaks from repetitive tasks.
- **Try a forearm strap.** A strap worn just below the elbow may ease strain on the sore spot during activity.
- **Use cold for soreness.** A wrapped cold pack for 10 to 15 minutes can ease pain after a busy day.

[[product:tennis-elbow-strap]]

Avoid resting the arm completely for long periods, as tendons also need some load to recover.""",
            "long_term_healing": """Gradual strengthening of the forearm is the best-supported way to help tennis elbow recover.

**Strengthening.** Slow wrist exercises, especially lowering the wrist gently under control, and grip work with a flexible bar help the tendon cope with load again. Mild discomfort that settles within a day is generally acceptable.

[[product:hand-grip-flex-bar]]

**Stretching and massage.** Gentle forearm stretches and rolling the forearm muscles may ease tightness.

**Physical therapy.** A physical therapist can set the right exercises, progress them over time, and look at your work or sport technique.

Recovery often takes several months, so steady, regular exercise matters more than intensity.""",
            "when_to_see_doctor": """Please get professional advice if you notice:

- severe pain, or pain that started with a fall or blow to the elbow
- swelling, or an elbow that is hot and red
- being unable to straighten or bend the elbow, or to use the arm
- numbness, tingling or weakness in the hand or fingers
- a fever or feeling generally unwell
- no improvement after a couple of weeks of changing how you use the arm

A doctor or physical therapist can confirm what is going on and suggest next steps if simple measures are not enough.""",
            "reviewed_on": REVIEWED_ON,
        },
    },
]

# How each product serves the approaches (0..1) and which body areas it is made for ([] = general).
PRODUCT_USES = {
    # Stretching straps
    "loop-stretch-strap": {
        "approaches": {"stretching": 1.0},
        "body_areas": ["knee", "hip-thigh", "lower-leg", "neck-shoulder"],
    },
    "loop-stretch-strap-long": {"approaches": {"stretching": 1.0}, "body_areas": ["knee", "hip-thigh", "lower-leg"]},
    "yoga-strap-d-ring": {"approaches": {"stretching": 0.8}, "body_areas": ["hip-thigh", "lower-leg", "neck-shoulder"]},
    "hamstring-stretch-rope": {"approaches": {"stretching": 1.0}, "body_areas": ["hip-thigh", "lower-back"]},
    "shoulder-mobility-strap": {"approaches": {"stretching": 1.0}, "body_areas": ["neck-shoulder"]},
    # Calf and foot stretchers
    "calf-rocker-stretcher": {"approaches": {"stretching": 1.0}, "body_areas": ["lower-leg", "foot-ankle"]},
    "calf-rocker-stretcher-pair": {"approaches": {"stretching": 1.0}, "body_areas": ["lower-leg", "foot-ankle"]},
    "slant-board": {"approaches": {"stretching": 1.0, "strengthening": 0.3}, "body_areas": ["lower-leg", "foot-ankle"]},
    "foam-calf-wedge": {"approaches": {"stretching": 0.9}, "body_areas": ["lower-leg", "foot-ankle"]},
    "night-splint-plantar": {"approaches": {"stretching": 0.6, "support": 0.5}, "body_areas": ["foot-ankle"]},
    "toe-stretcher-spacers": {"approaches": {"stretching": 0.5}, "body_areas": ["foot-ankle"]},
    # Foam rollers
    "smooth-foam-roller-45": {
        "approaches": {"massage": 0.8},
        "body_areas": ["knee", "hip-thigh", "lower-leg", "lower-back"],
    },
    "textured-foam-roller": {
        "approaches": {"massage": 1.0},
        "body_areas": ["knee", "hip-thigh", "lower-leg", "lower-back"],
    },
    "soft-foam-roller-90": {"approaches": {"massage": 0.8}, "body_areas": ["lower-back", "neck-shoulder", "hip-thigh"]},
    "vibrating-foam-roller": {"approaches": {"massage": 1.0}, "body_areas": ["hip-thigh", "lower-leg", "lower-back"]},
    "mini-travel-roller": {"approaches": {"massage": 0.8}, "body_areas": ["lower-leg", "foot-ankle", "elbow-wrist"]},
    "half-round-roller": {"approaches": {"stretching": 0.6, "massage": 0.5}, "body_areas": ["foot-ankle", "lower-leg"]},
    # Massage sticks and balls
    "massage-roller-stick": {"approaches": {"massage": 0.9}, "body_areas": ["knee", "hip-thigh", "lower-leg"]},
    "massage-roller-stick-firm": {"approaches": {"massage": 0.9}, "body_areas": ["knee", "hip-thigh", "lower-leg"]},
    "spiky-massage-ball": {"approaches": {"massage": 0.8}, "body_areas": ["foot-ankle", "neck-shoulder"]},
    "lacrosse-massage-ball": {
        "approaches": {"massage": 0.9},
        "body_areas": ["neck-shoulder", "hip-thigh", "foot-ankle"],
    },
    "peanut-massage-ball": {"approaches": {"massage": 0.9}, "body_areas": ["lower-back", "neck-shoulder"]},
    "trigger-point-hook": {"approaches": {"massage": 0.9}, "body_areas": ["neck-shoulder"]},
    "foot-massage-roller": {"approaches": {"massage": 0.9}, "body_areas": ["foot-ankle"]},
    "percussion-massager-mini": {
        "approaches": {"massage": 0.9},
        "body_areas": ["hip-thigh", "lower-leg", "lower-back"],
    },
    # Hot and cold therapy
    "reusable-cold-pack": {"approaches": {"cold-therapy": 1.0}, "body_areas": []},
    "knee-cold-wrap": {"approaches": {"cold-therapy": 1.0}, "body_areas": ["knee"]},
    "ice-massage-cup": {
        "approaches": {"cold-therapy": 0.8, "massage": 0.5},
        "body_areas": ["lower-leg", "foot-ankle", "elbow-wrist", "knee"],
    },
    "cold-roller-ball": {
        "approaches": {"cold-therapy": 0.6, "massage": 0.6},
        "body_areas": ["foot-ankle", "lower-leg", "neck-shoulder", "elbow-wrist"],
    },
    "microwave-heat-wrap": {"approaches": {"heat": 1.0}, "body_areas": ["neck-shoulder", "lower-back"]},
    "electric-heat-pad": {"approaches": {"heat": 1.0}, "body_areas": ["lower-back", "neck-shoulder", "hip-thigh"]},
    "shoulder-cold-wrap": {"approaches": {"cold-therapy": 1.0}, "body_areas": ["neck-shoulder"]},
    "instant-cold-packs-6": {"approaches": {"cold-therapy": 0.8}, "body_areas": []},
    # Supports and braces
    "patella-strap": {"approaches": {"support": 0.9}, "body_areas": ["knee"]},
    "knee-sleeve-compression": {"approaches": {"support": 0.8, "heat": 0.2}, "body_areas": ["knee"]},
    "open-patella-knee-brace": {"approaches": {"support": 1.0}, "body_areas": ["knee"]},
    "it-band-strap": {"approaches": {"support": 0.8}, "body_areas": ["knee", "hip-thigh"]},
    "tennis-elbow-strap": {"approaches": {"support": 0.9}, "body_areas": ["elbow-wrist"]},
    "ankle-support-sleeve": {"approaches": {"support": 0.9}, "body_areas": ["foot-ankle"]},
    "arch-support-insoles": {"approaches": {"support": 0.9, "rest": 0.3}, "body_areas": ["foot-ankle", "lower-leg"]},
    "heel-cups-gel": {"approaches": {"support": 0.8, "rest": 0.3}, "body_areas": ["foot-ankle"]},
    "lumbar-support-belt": {"approaches": {"support": 0.9}, "body_areas": ["lower-back"]},
    "posture-support-vest": {"approaches": {"support": 0.6}, "body_areas": ["neck-shoulder"]},
    # Resistance bands
    "resistance-loop-set": {"approaches": {"strengthening": 1.0}, "body_areas": ["hip-thigh", "knee"]},
    "long-resistance-bands": {"approaches": {"strengthening": 1.0}, "body_areas": []},
    "mini-band-light": {
        "approaches": {"strengthening": 1.0},
        "body_areas": ["foot-ankle", "knee", "lower-leg", "hip-thigh"],
    },
    "hand-grip-flex-bar": {"approaches": {"strengthening": 1.0}, "body_areas": ["elbow-wrist"]},
    "door-anchor": {"approaches": {"strengthening": 0.3}, "body_areas": []},
}


# The symptom check. The app adds a "Not sure" option to every question by itself.
QUESTIONS = [
    # ------------------------------------------------------------ where it hurts
    {
        "slug": "where-does-it-hurt",
        "text": "Where does it hurt most?",
        "help_text": "Choose the area that bothers you most.",
        "multiple": False,
        "stage": "where",
        "position": 0,
        "body_areas": [],
        "options": [
            {
                "slug": "knee",
                "label": "Knee",
                "body_area": "knee",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "hip-thigh",
                "label": "Hip and thigh",
                "body_area": "hip-thigh",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "lower-leg",
                "label": "Shin and calf",
                "body_area": "lower-leg",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "foot-ankle",
                "label": "Foot and ankle",
                "body_area": "foot-ankle",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "lower-back",
                "label": "Lower back",
                "body_area": "lower-back",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "neck-shoulder",
                "label": "Neck and shoulders",
                "body_area": "neck-shoulder",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "elbow-wrist",
                "label": "Elbow and wrist",
                "body_area": "elbow-wrist",
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ safety check
    {
        "slug": "safety-injury-deformity",
        "text": "Did the pain start with a fall, twist or blow, and did you hear a pop at the time or does the joint now look out of shape?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 0,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "urgent",
                "message": "Because the pain began with a fall, twist or blow and there was a pop or the joint looks out of shape, please get it checked at urgent care or an emergency department today rather than treating it at home.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-cannot-bear-weight",
        "text": "Are you unable to put weight on the leg, or unable to use the joint at all?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 1,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "urgent",
                "message": "Not being able to take weight on the leg or use the joint needs a proper examination. Please go to urgent care or an emergency department today, and keep weight off it until then.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-hot-swollen-fever",
        "text": "Is the joint hot, red and swollen, or do you have a fever or feel generally unwell?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 2,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "urgent",
                "message": "A hot, red, swollen joint, or pain together with a fever or feeling unwell, can mean an infection or inflammation that needs prompt care. Please contact urgent care or an emergency department today.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-numbness-weakness",
        "text": "Do you have numbness, tingling, pins and needles or weakness in an arm or leg?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 3,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "see_doctor",
                "message": "Numbness, tingling or weakness can mean a nerve is involved, so please see a doctor soon to have it checked. If weakness came on suddenly, or with slurred speech or a drooping face, call emergency services.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-night-rest-pain",
        "text": "Is the pain there at night or when you are resting, and does it not ease whatever position you try?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 4,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "see_doctor",
                "message": "Pain that carries on at night or at rest, whatever position you try, is worth having checked. Please see a doctor in the next few days so they can look for causes that need more than self-care.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-worsening",
        "text": "Has the pain been getting steadily worse for more than two weeks, even though you have rested it?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 5,
        "body_areas": [],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "see_doctor",
                "message": "Pain that keeps getting worse for more than two weeks despite rest deserves a proper assessment. Please see a doctor or physical therapist, who can find out what is going on and guide your recovery.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "safety-back-bladder-numbness",
        "text": "Along with the back pain, do you have numbness around your groin or buttocks, or new trouble controlling your bladder or bowels?",
        "help_text": "",
        "multiple": False,
        "stage": "safety",
        "position": 6,
        "body_areas": ["lower-back"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "urgent",
                "message": "Back pain with numbness around the groin or buttocks, or new bladder or bowel trouble, can mean pressure on nerves at the base of the spine. Please go to an emergency department now rather than waiting to see if it settles.",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: general
    {
        "slug": "how-did-it-start",
        "text": "How did it start?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 0,
        "body_areas": [],
        "options": [
            {
                "slug": "gradually",
                "label": "Gradually, building up over days or weeks",
                "body_area": None,
                "present": ["gradual-onset"],
                "absent": ["sudden-onset"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "suddenly",
                "label": "Suddenly, at one clear moment",
                "body_area": None,
                "present": ["sudden-onset"],
                "absent": ["gradual-onset"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "when-is-it-worst",
        "text": "When does it bother you most?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 1,
        "body_areas": [],
        "options": [
            {
                "slug": "after-rest",
                "label": "When I first get moving after rest or sleep, then it eases as I warm up",
                "body_area": None,
                "present": ["stiffness-after-rest"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "activity",
                "label": "During or after activity such as running, sport or long walks",
                "body_area": None,
                "present": ["pain-worse-with-activity"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "sitting",
                "label": "During long spells of sitting, at a desk or driving",
                "body_area": None,
                "present": ["worse-long-sitting"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: knee
    {
        "slug": "knee-where-exactly",
        "text": "Where exactly around the knee is the pain?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 10,
        "body_areas": ["knee"],
        "options": [
            {
                "slug": "front",
                "label": "At the front, around or behind the kneecap",
                "body_area": None,
                "present": ["knee-front-dull-ache"],
                "absent": ["knee-outer-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "below-kneecap",
                "label": "Just below the kneecap",
                "body_area": None,
                "present": ["knee-below-kneecap-pain"],
                "absent": ["knee-outer-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "outer",
                "label": "On the outer side of the knee",
                "body_area": None,
                "present": ["knee-outer-pain"],
                "absent": ["knee-front-dull-ache"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "inner-or-back",
                "label": "On the inner side or at the back of the knee",
                "body_area": None,
                "present": ["knee-inner-back-pain"],
                "absent": ["knee-front-dull-ache", "knee-outer-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "knee-worse-with",
        "text": "What makes the knee pain worse? (choose all that apply)",
        "help_text": "",
        "multiple": True,
        "stage": "symptoms",
        "position": 11,
        "body_areas": ["knee"],
        "options": [
            {
                "slug": "stairs",
                "label": "Going up or down stairs",
                "body_area": None,
                "present": ["knee-pain-stairs"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "kneeling-squatting",
                "label": "Kneeling or squatting",
                "body_area": None,
                "present": ["knee-pain-kneel-squat"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "standing-after-sitting",
                "label": "Standing up after sitting with my knees bent for a while",
                "body_area": None,
                "present": ["knee-pain-sitting-standing"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "downhill",
                "label": "Running or walking downhill",
                "body_area": None,
                "present": ["knee-pain-downhill"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "jumping",
                "label": "Jumping or landing",
                "body_area": None,
                "present": ["knee-pain-jumping"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "knee-tendon-tender",
        "text": "If you press on the tendon just below the kneecap, is there a tender spot?",
        "help_text": "The tendon is the firm band you can feel between the bottom of the kneecap and the top of the shin.",
        "multiple": False,
        "stage": "symptoms",
        "position": 12,
        "body_areas": ["knee"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["knee-tendon-tender-spot"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["knee-tendon-tender-spot"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "knee-run-same-point",
        "text": "When you run, does the knee pain start at about the same point in each run?",
        "help_text": "For example, always after a similar distance or time.",
        "multiple": False,
        "stage": "symptoms",
        "position": 13,
        "body_areas": ["knee"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["knee-pain-predictable-point-run"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["knee-pain-predictable-point-run"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "do-not-run",
                "label": "I don't run",
                "body_area": None,
                "present": [],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: hip and thigh
    {
        "slug": "thigh-where-exactly",
        "text": "Where in the hip or thigh do you feel it most?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 20,
        "body_areas": ["hip-thigh"],
        "options": [
            {
                "slug": "outer",
                "label": "Along the outside of the thigh",
                "body_area": None,
                "present": ["outer-thigh-tight"],
                "absent": ["back-thigh-tight"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "back",
                "label": "At the back of the thigh",
                "body_area": None,
                "present": ["back-thigh-tight"],
                "absent": ["outer-thigh-tight"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "front-or-groin",
                "label": "At the front of the hip or thigh, or in the groin",
                "body_area": None,
                "present": ["front-thigh-groin-pain"],
                "absent": ["outer-thigh-tight", "back-thigh-tight"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "thigh-reach-toes",
        "text": "With your legs straight, do you struggle to reach your toes?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 21,
        "body_areas": ["hip-thigh"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["cant-reach-toes"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["cant-reach-toes"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: shin and calf
    {
        "slug": "leg-where-exactly",
        "text": "Where in the lower leg is the pain?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 30,
        "body_areas": ["lower-leg"],
        "options": [
            {
                "slug": "inner-shin",
                "label": "Along the inner edge of the shin",
                "body_area": None,
                "present": ["inner-shin-ache"],
                "absent": ["calf-muscle-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "calf",
                "label": "In the calf muscle",
                "body_area": None,
                "present": ["calf-muscle-pain"],
                "absent": ["inner-shin-ache"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "above-heel",
                "label": "Low down at the back, in the tendon just above the heel",
                "body_area": None,
                "present": ["back-heel-pain"],
                "absent": ["inner-shin-ache", "calf-muscle-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "calf-sudden-pull",
        "text": "Did it start with a sudden pull or twinge in the calf, or a feeling of being kicked there?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 31,
        "body_areas": ["lower-leg"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["calf-sudden-pull"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["calf-sudden-pull"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "shin-bone-tender",
        "text": "Is the inner edge of the shin bone tender when you press along it?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 32,
        "body_areas": ["lower-leg"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["shin-bone-tender"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["shin-bone-tender"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: foot and ankle
    {
        "slug": "foot-where-exactly",
        "text": "Where in the foot or ankle is the pain worst?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 40,
        "body_areas": ["foot-ankle"],
        "options": [
            {
                "slug": "under-heel",
                "label": "Under the heel or along the arch",
                "body_area": None,
                "present": ["heel-underside-pain"],
                "absent": ["back-heel-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "back-of-heel",
                "label": "At the back of the heel or in the tendon just above it",
                "body_area": None,
                "present": ["back-heel-pain"],
                "absent": ["heel-underside-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "ankle",
                "label": "Around the ankle joint",
                "body_area": None,
                "present": ["ankle-joint-pain"],
                "absent": ["heel-underside-pain", "back-heel-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "forefoot",
                "label": "In the ball of the foot, the toes or the top of the foot",
                "body_area": None,
                "present": ["forefoot-pain"],
                "absent": ["heel-underside-pain", "back-heel-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "foot-first-steps",
        "text": "Is the pain worst with your first steps out of bed in the morning?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 41,
        "body_areas": ["foot-ankle"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["first-steps-morning-pain"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["first-steps-morning-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "achilles-thickened",
        "text": "Does the tendon just above your heel feel thickened or lumpy, or sore when you gently squeeze it?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 42,
        "body_areas": ["foot-ankle", "lower-leg"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["achilles-thickening"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["achilles-thickening"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: lower back
    {
        "slug": "back-pain-spread",
        "text": "Does the pain stay in your lower back, or spread further?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 50,
        "body_areas": ["lower-back"],
        "options": [
            {
                "slug": "back-only",
                "label": "It stays in the lower back",
                "body_area": None,
                "present": ["low-back-ache"],
                "absent": ["pain-into-buttock-thigh", "pain-below-knee"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "buttock-thigh",
                "label": "It spreads into the buttock or the back of the thigh",
                "body_area": None,
                "present": ["low-back-ache", "pain-into-buttock-thigh"],
                "absent": ["pain-below-knee"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "below-knee",
                "label": "It runs down the leg, below the knee",
                "body_area": None,
                "present": ["pain-below-knee"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: neck and shoulders
    {
        "slug": "neck-where-exactly",
        "text": "Where do you feel it most?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 60,
        "body_areas": ["neck-shoulder"],
        "options": [
            {
                "slug": "neck-tops",
                "label": "Across the neck and the tops of the shoulders",
                "body_area": None,
                "present": ["neck-shoulder-tight"],
                "absent": ["shoulder-joint-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "between-blades",
                "label": "Between the shoulder blades",
                "body_area": None,
                "present": ["upper-back-knots"],
                "absent": ["shoulder-joint-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "shoulder-joint",
                "label": "Deep in the shoulder joint, worse when I lift my arm",
                "body_area": None,
                "present": ["shoulder-joint-pain"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    # ------------------------------------------------------------ symptoms: elbow and wrist
    {
        "slug": "elbow-where-exactly",
        "text": "Where is the pain?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 70,
        "body_areas": ["elbow-wrist"],
        "options": [
            {
                "slug": "outer-elbow",
                "label": "On the outer side of the elbow",
                "body_area": None,
                "present": ["outer-elbow-pain"],
                "absent": ["inner-elbow-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "inner-elbow",
                "label": "On the inner side of the elbow",
                "body_area": None,
                "present": ["inner-elbow-pain"],
                "absent": ["outer-elbow-pain"],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "wrist",
                "label": "Mainly in the wrist",
                "body_area": None,
                "present": ["wrist-pain"],
                "absent": ["outer-elbow-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
    {
        "slug": "elbow-grip-twist",
        "text": "Does it hurt to grip, lift or twist, for example opening a jar or shaking hands?",
        "help_text": "",
        "multiple": False,
        "stage": "symptoms",
        "position": 71,
        "body_areas": ["elbow-wrist"],
        "options": [
            {
                "slug": "yes",
                "label": "Yes",
                "body_area": None,
                "present": ["grip-twist-pain"],
                "absent": [],
                "red_flag": "",
                "message": "",
            },
            {
                "slug": "no",
                "label": "No",
                "body_area": None,
                "present": [],
                "absent": ["grip-twist-pain"],
                "red_flag": "",
                "message": "",
            },
        ],
    },
]
