#version 330 core
// Shared by the arc vertex shaders (comet, streak, dot, spark): the arc's fields from one ring
// of the pool in a buffer texture (the ring's wrap is a modulo, so a ring is drawn by a few
// draw calls whatever its state), its age, its weight level, and its path: the great circle
// lifted by the port's height, or, when source and sensor (nearly) coincide, a loop rising
// over the sensor in a vertical plane turned by the arc's seed, so local traffic stays visible
// as petals around the sensor instead of a zero-length blob.
uniform samplerBuffer u_arcs; // dga_inst: three RGBA32F texels per arc
uniform int u_base;           // first slot of the ring in the buffer
uniform int u_first;          // ring position of the oldest live arc
uniform int u_cap;            // ring capacity

vec3 a_src, a_dst;
float a_omega, a_birth, a_height, a_seed, a_weight;
uint a_meta;

uniform mat4 u_vp;
uniform vec3 u_eye;       // camera position, globe radii
uniform vec2 u_viewport;  // pixels
uniform float u_now;      // app time modulo the pool's period
uniform float u_period;
uniform float u_flight;   // seconds from source to sensor
uniform float u_tail;     // tail length, fraction of the path
uniform float u_width;    // head radius, pixels
uniform float u_px;       // pixel scale (viewport height / 720)
uniform vec3 u_colors[13]; // classes, scanner tools, untagged (palette.h DGP_SLOTS)

const float PI = 3.14159265;
// A dropped comet vertex: zero-area, inside the clip volume (a vertex outside would stretch
// the strip's joining triangles across the screen).
const vec4 DROPPED = vec4(0.0, 0.0, 0.0, 1.0);
// A dropped point or line vertex: outside the clip volume, so it costs no fragment at all (a
// 1-pixel point at the centre still does, and tens of thousands of them queue on one pixel).
const vec4 DROPPED_OUT = vec4(2.0, 2.0, 2.0, 1.0);
const float LOOP_OMEGA = 0.02; // radians (~130 km): closer than this, the arc loops
const float WEIGHT_FULL_LOG2 = 12.0; // log2(DGAG_WEIGHT_FULL) (arcagg.h)

// Point on the loop over the sensor at t (0 leaving .. 1 back).
vec3 loop_at(float t)
{
    vec3 up = a_dst;
    vec3 east = normalize(cross(abs(up.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0), up));
    vec3 dir = cos(2.0 * PI * a_seed) * east + sin(2.0 * PI * a_seed) * cross(up, east);
    float h = max(a_height, 0.03);
    vec3 foot = normalize(mix(a_src, a_dst, t) + dir * (0.3 * h * sin(2.0 * PI * t)));
    return foot * (1.004 + h * sin(PI * t));
}

// Point on the arc's path at t (0 source .. 1 sensor) and its derivative.
void arc_at(float t, out vec3 p, out vec3 dp)
{
    if (a_omega < LOOP_OMEGA) {
        p = loop_at(t);
        dp = (loop_at(t + 0.01) - loop_at(t - 0.01)) * 50.0;
        return;
    }
    float s = sin(a_omega);
    vec3 u, du;
    if (s < 1e-3) { // antipodal: any great circle will do
        u = a_src;
        du = a_dst - a_src;
    } else {
        float a = (1.0 - t) * a_omega, b = t * a_omega;
        u = (sin(a) * a_src + sin(b) * a_dst) / s;
        du = a_omega * (cos(b) * a_dst - cos(a) * a_src) / s;
    }
    float lift = 1.004 + a_height * sin(PI * t);
    p = u * lift;
    dp = du * lift + u * (a_height * PI * cos(PI * t));
}

// 1 where nothing of the globe lies between the eye and p, else 0. There is no depth buffer:
// this per-vertex test hides what is behind the globe, and a segment crossing the limb fades
// across it.
float arc_visible(vec3 p)
{
    vec3 d = p - u_eye;
    float a = dot(d, d), b = dot(u_eye, d), c = dot(u_eye, u_eye) - 1.0;
    float disc = b * b - a * c;
    if (disc <= 0.0) return 1.0;
    float t = (-b - sqrt(disc)) / a; // where the ray eye -> p first meets the sphere
    return t < 0.0 || t >= 1.0 ? 1.0 : 0.0;
}

// Loads the fields of the arc-th live arc of the ring.
void fetch_arc(int arc)
{
    int base = (u_base + (u_first + arc) % u_cap) * 3;
    vec4 t0 = texelFetch(u_arcs, base), t1 = texelFetch(u_arcs, base + 1);
    vec4 t2 = texelFetch(u_arcs, base + 2);
    a_src = t0.xyz;
    a_dst = vec3(t0.w, t1.xy);
    a_omega = t1.z;
    a_birth = t1.w;
    a_height = t2.x;
    a_meta = floatBitsToUint(t2.y);
    a_seed = t2.z;
    a_weight = t2.w;
}

// Age of the fetched arc in seconds, across the period wrap.
float arc_age()
{
    float age = u_now - a_birth;
    return age < 0.0 ? age + u_period : age;
}

bool arc_mirai()
{
    return (a_meta & 256u) != 0u;
}

vec3 arc_color()
{
    return u_colors[min(a_meta & 255u, 12u)];
}

// 0 for one packet .. 1 for DGAG_WEIGHT_FULL or more, logarithmic (arcagg.c dgag_level).
float arc_level()
{
    return clamp(log2(max(a_weight, 1.0)) / WEIGHT_FULL_LOG2, 0.0, 1.0);
}

// Fades in at launch and out while the tail drains into the sensor.
float arc_alpha(float head)
{
    float drain = head > 1.0 ? 1.0 - (head - 1.0) / u_tail : 1.0;
    return drain * min(1.0, head * 12.0);
}
