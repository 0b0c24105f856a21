#version 330 core
// Shared by the arc vertex shaders (arc, streak, dot): the arc's fields from the pool's ring
// in a buffer texture (so the ring's wrap is a modulo and every live arc is ONE draw call), its
// age, and the lifted great circle. u_stride > 1 draws every stride-th arc when there are more
// than the frame budget allows.
uniform samplerBuffer u_arcs; // dga_inst: three RGBA32F texels per arc
uniform int u_first;          // ring slot of the oldest live arc
uniform int u_cap;            // ring capacity
uniform int u_stride;         // draw every u_stride-th live arc

vec3 a_src, a_dst;
float a_omega, a_birth, a_height;
uint a_meta;

uniform mat4 u_vp;
uniform vec2 u_viewport;  // pixels
uniform float u_now;      // app time modulo the pool's period
uniform float u_period;
uniform float u_flight;   // seconds from source to sensor
uniform float u_tail;     // tail length, fraction of the path
uniform float u_width;    // head radius, pixels
uniform vec3 u_colors[13]; // classes, scanner tools, untagged (palette.h DGP_SLOTS)


const float PI = 3.14159265;
const vec4 DROPPED = vec4(0.0, 0.0, 0.0, 1.0); // zero-area, inside the clip volume

// Point on the lifted great circle at t (0 source .. 1 sensor) and its derivative.
void arc_at(float t, out vec3 p, out vec3 dp)
{
    float s = sin(a_omega);
    vec3 u, du;
    if (s < 1e-3) {
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

// Loads the arc's fields from its ring slot.
void fetch_arc(int arc)
{
    int base = ((u_first + arc * u_stride) % u_cap) * 3;
    vec4 t0 = texelFetch(u_arcs, base), t1 = texelFetch(u_arcs, base + 1);
    vec4 t2 = texelFetch(u_arcs, base + 2);
    a_src = t0.xyz;
    a_dst = vec3(t0.w, t1.xy);
    a_omega = t1.z;
    a_birth = t1.w;
    a_height = t2.x;
    a_meta = floatBitsToUint(t2.y);
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

// Fades in at launch and out while the tail drains into the sensor.
float arc_alpha(float head)
{
    float drain = head > 1.0 ? 1.0 - (head - 1.0) / u_tail : 1.0;
    return drain * min(1.0, head * 12.0);
}
